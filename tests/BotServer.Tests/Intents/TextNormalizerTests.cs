using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class TextNormalizerTests
{
    [Fact]
    public void TraditionalCharactersBecomeSimplifiedInPlace()
    {
        const string text = "請問這個耳機多少錢";

        var normalised = TextNormalizer.Normalize(text);

        Assert.Equal("请问这个耳机多少钱", normalised);
        Assert.Equal(text.Length, normalised.Length);
    }

    [Fact]
    public void FullWidthFormsFoldAndSimplifiedTextIsUnchanged()
    {
        Assert.Equal("500元以内的耳机", TextNormalizer.Normalize("５００元以内的耳机"));
        Assert.Equal("推荐耳机", TextNormalizer.Normalize("推荐耳机"));
    }

    [Fact]
    public void LoneSurrogatesAndEmojiPassThrough()
    {
        const string text = "\ud800x😀";

        Assert.Equal(text, TextNormalizer.Normalize(text));
    }
}
