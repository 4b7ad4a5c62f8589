using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class ParserBadInputTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    public static TheoryData<string> OddTexts => new()
    {
        "",
        "   \t\n ",
        new string('买', 100_000),
        "\ud800\udc00\ud800 lone \udfff surrogates",
        "😀🎁🛒🔥💯",
        "\u0000\u0001\u0007\u001b[31m control",
        "Мне нужен 耳机 pour ma mère مرحبا 500元以内",
        string.Concat(Enumerable.Repeat("第2个 #3 500-1000元 GB-ABCDE 3人团 ", 3000)),
        // Amounts past what a decimal holds are not amounts (the first and third threw OverflowException);
        // long numerals where a team size or an ordinal goes (those patterns read at most two characters).
        "79228162514264337593543950335万以内的耳机",
        "预算99999999999999999999999999999k5",
        "9999999999999999999999999999.9w以下",
        string.Concat(Enumerable.Repeat("九千九百九十九万", 40)) + "以内",
        "开个" + string.Concat(Enumerable.Repeat("九千九百九十九万", 40)) + "人团",
        "第" + string.Concat(Enumerable.Repeat("九千九百九十九万", 40)) + "个",
    };

    [Theory]
    [MemberData(nameof(OddTexts))]
    public void OddTextGetsAValidIntentWithoutAnException(string text)
    {
        var parser = new OfflineIntentParser(IntentModel.Default);

        var result = parser.Parse(text, new ParseContext("demo"));

        Assert.Contains(result.Intent, IntentNames.All);
        Assert.InRange(result.Confidence, 0, 1);
        Assert.All(result.Entities, e => Assert.InRange(e.End, e.Start, Math.Min(text.Length, 1000)));
    }

    [Fact]
    public void AHundredThousandCharacterMessageIsReadOnlyToABoundedPrefix()
    {
        var parser = new OfflineIntentParser(IntentModel.Default);
        var longText = string.Concat(Enumerable.Repeat("推荐500以内的耳机 ", 10_000));

        var whole = parser.Parse(longText, new ParseContext("demo"));
        var prefix = parser.Parse(longText[..1000], new ParseContext("demo"));

        // Same answer as for the first 1,000 characters: the cost of a paste does not grow with it.
        Assert.Equal(prefix.Intent, whole.Intent);
        Assert.Equal(prefix.Confidence, whole.Confidence);
        Assert.Equal(prefix.Entities, whole.Entities);
    }

    [Fact]
    public async Task ParseIntentAnswersAHundredThousandCharactersOverGrpc()
    {
        var parsed = await server.App.ChatBot().ParseIntentAsync(
            new ParseIntentRequest { Text = new string('x', 50_000) + " 推荐耳机" + new string('y', 50_000) }, BotServerApp.Admin);

        Assert.Contains(parsed.Intent, IntentNames.All);
    }
}
