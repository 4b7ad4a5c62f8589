using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Rules;

namespace ChatCommerce.BotServer.Tests.Rules;

public sealed class RuleTriggerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private static bool Fires(TriggerKind kind, string pattern, string text, string intent = IntentNames.None) =>
        RuleTrigger.Compile(kind, [pattern]).Matches(text, TextNormalizer.Normalize(text), intent);

    [Theory]
    [InlineData("运费", "运费", true)]
    [InlineData("运费", "运费？", true)]
    [InlineData("运费", "运费多少", false)]
    [InlineData("Shipping", "shipping!", true)]
    public void AnExactKeywordMatchesTheWholeMessageIgnoringCaseAndEndPunctuation(string keyword, string text, bool fires) =>
        Assert.Equal(fires, Fires(TriggerKind.KeywordExact, keyword, text));

    [Theory]
    [InlineData("运费", "请问运费怎么算", true)]
    [InlineData("運費", "请问运费怎么算", true)]
    [InlineData("运费", "請問運費怎麼算", true)]
    [InlineData("ship", "do you ship to Macau?", true)]
    [InlineData("ship", "our relationship is fine", false)]
    [InlineData("ＳＨＩＰ", "do you ship today", true)]
    public void AContainedKeywordMatchesAcrossScriptsWidthsAndLatinWordEdges(string keyword, string text, bool fires) =>
        Assert.Equal(fires, Fires(TriggerKind.KeywordContains, keyword, text));

    [Fact]
    public void AnIntentTriggerFiresOnThatIntentOnly()
    {
        Assert.True(Fires(TriggerKind.Intent, IntentNames.MyOrders, "我的订单", IntentNames.MyOrders));
        Assert.False(Fires(TriggerKind.Intent, IntentNames.MyOrders, "我的订单", IntentNames.Help));
    }

    [Fact]
    public async Task ACatastrophicBacktrackingRegexCannotStallAReply()
    {
        var trigger = RuleTrigger.Compile(TriggerKind.Regex, ["(a+)+$"]);
        var text = new string('a', 30_000) + "!";

        var fires = await Task.Run(() => trigger.Matches(text, text, IntentNames.None)).WaitAsync(HangGuard);

        Assert.False(fires);
    }

    [Fact]
    public async Task ARegexThatNeedsBacktrackingRunsOutOfTimeInsteadOfHanging()
    {
        // A look-ahead rules out the non-backtracking engine; the match timeout bounds it instead.
        var trigger = RuleTrigger.Compile(TriggerKind.Regex, [@"^(?=(a|aa)+$)\w+b"]);
        var text = new string('a', 5_000) + "c";

        var fires = await Task.Run(() => trigger.Matches(text, text, IntentNames.None)).WaitAsync(HangGuard);

        Assert.False(fires);
    }

    [Fact]
    public void ARegexMatchesTheTextAsWrittenIgnoringCase() =>
        Assert.True(Fires(TriggerKind.Regex, @"SF\s*express|顺丰", "能发 sf express 吗"));
}
