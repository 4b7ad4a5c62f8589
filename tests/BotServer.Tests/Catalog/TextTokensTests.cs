using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Tests.Catalog;

public sealed class TextTokensTests
{
    [Fact]
    public void ChineseRunsBecomeBigramsAndLatinWordsStayWhole()
    {
        Assert.Equal(["降噪", "噪耳", "耳机", "sony", "wh1000"], TextTokens.Of("降噪耳机 Sony WH1000").ToArray());
    }

    [Fact]
    public void FullWidthFormsFoldToHalfWidthLowerCase()
    {
        Assert.Equal(["iphone", "15"], TextTokens.Of("ｉＰｈｏｎｅ　１５").ToArray());
    }

    [Fact]
    public void ALoneChineseCharacterIsItsOwnToken()
    {
        Assert.Equal(["茶"], TextTokens.Of("茶").ToArray());
    }
}
