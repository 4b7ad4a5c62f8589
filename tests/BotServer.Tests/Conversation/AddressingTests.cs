using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Tests.Conversation;

public sealed class AddressingTests
{
    private static IncomingMessage Message(string text, bool mentionsBot = false) =>
        new("demo", "console", "g1", "m1", "alice", "alice", text, mentionsBot, [], DateTimeOffset.UnixEpoch);

    private static IntentResult Intent(string intent, double confidence) => new(intent, confidence, "zh", []);

    [Theory]
    [InlineData("/help")]
    [InlineData("  /search 耳机")]
    [InlineData("／帮助")]
    public void ASlashCommandIsAddressedToTheBot(string text) => Assert.True(Addressing.IsCommand(text));

    [Theory]
    [InlineData("/")]
    [InlineData("/_\\ lol")]
    [InlineData("1/2 price?")]
    [InlineData("//comment")]
    public void ASlashThatIsNotACommandIsNot(string text) => Assert.False(Addressing.IsCommand(text));

    [Fact]
    public void AMentionIsAnsweredInEveryMode()
    {
        foreach (var mode in Enum.GetValues<ReplyMode>())
        {
            Assert.True(Addressing.IsForTheBot(Message("在吗", mentionsBot: true), Intent(IntentNames.None, 0.9), mode, false, 0.8));
        }
    }

    [Fact]
    public void AConfidentShoppingIntentWithoutAMentionIsAnsweredOnlyInProactiveGroups()
    {
        var search = Intent(IntentNames.SearchProducts, 0.93);

        Assert.False(Addressing.IsForTheBot(Message("有没有500以内的耳机"), search, ReplyMode.MentionOnly, false, 0.8));
        Assert.True(Addressing.IsForTheBot(Message("有没有500以内的耳机"), search, ReplyMode.Proactive, false, 0.8));
    }

    [Fact]
    public void AnUnsureShoppingIntentWithoutAMentionStaysUnansweredInProactiveGroups() =>
        Assert.False(Addressing.IsForTheBot(Message("这个好用吗"), Intent(IntentNames.SearchProducts, 0.79), ReplyMode.Proactive, false, 0.8));

    [Theory]
    [InlineData(IntentNames.Greet)]
    [InlineData(IntentNames.Thanks)]
    [InlineData(IntentNames.Help)]
    [InlineData(IntentNames.None)]
    public void GreetingsThanksHelpAndChatterNeedAMentionEvenInProactiveGroups(string intent) =>
        Assert.False(Addressing.IsForTheBot(Message("hi all"), Intent(intent, 0.99), ReplyMode.Proactive, false, 0.8));

    [Fact]
    public void AnAnswerToTheBotsOpenQuestionNeedsNoMention() =>
        Assert.True(Addressing.IsForTheBot(Message("300以内吧"), Intent(IntentNames.None, 0.4), ReplyMode.MentionOnly, true, 0.8));
}
