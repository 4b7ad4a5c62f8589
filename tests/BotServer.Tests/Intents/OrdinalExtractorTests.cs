using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class OrdinalExtractorTests
{
    private static string? Ordinal(string text) => OrdinalExtractor.Extract(TextTokens.Fold(text), text).SingleOrDefault()?.Value;

    [Theory]
    [InlineData("第二个多少钱", "2")]
    [InlineData("第2款还有货吗", "2")]
    [InlineData("拼第1个", "1")]
    [InlineData("3号怎么样", "3")]
    [InlineData("#2", "2")]
    [InlineData("＃４", "4")]
    [InlineData("the 2nd one please", "2")]
    [InlineData("how much is the third", "3")]
    [InlineData("number 5", "5")]
    [InlineData("上面那个还有吗", "1")]
    public void ReferencesToTheLastListAreOneBased(string text, string ordinal)
    {
        Assert.Equal(ordinal, Ordinal(text));
    }

    [Theory]
    [InlineData("推荐耳机")]
    [InlineData("500以内")]
    [InlineData("第100个")]
    [InlineData("")]
    public void OtherTextHasNoOrdinal(string text)
    {
        Assert.Null(Ordinal(text));
    }
}
