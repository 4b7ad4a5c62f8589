using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class TextNormalizerTests
{
    [Fact]
    public void TheCharacterTableIsCopiedNextToTheBinaryAndNamesItsSourceAndLicence()
    {
        Assert.True(File.Exists(TextNormalizer.TablePath), $"{TextNormalizer.TablePath} is missing: BotServer.csproj must copy Intents/Data/* to the output.");

        var lines = File.ReadAllLines(TextNormalizer.TablePath);
        var header = string.Join('\n', lines.TakeWhile(line => line.StartsWith('#')));
        Assert.Contains("OpenCC", header);
        Assert.Contains("opencc-js 1.4.2", header);
        Assert.Contains("TSCharacters", header);
        Assert.Contains("Apache-2.0", header);
        var pairs = lines.Where(line => !line.StartsWith('#')).ToList();
        Assert.InRange(pairs.Count, 2000, 5000);
        Assert.All(pairs, line => Assert.True(line.Length == 3 && line[1] == '\t' && line[0] != line[2], $"not a one-to-one pair: '{line}'"));
    }

    [Fact]
    public void ATraditionalQuestionBecomesItsSimplifiedForm()
    {
        Assert.Equal("请问这个耳机多少钱", TextNormalizer.Normalize("請問這個耳機多少錢"));
    }

    [Fact]
    public void LengthAndOffsetsArePreserved()
    {
        const string text = "請問這個耳機多少錢？預算５００元以內";

        var normalised = TextNormalizer.Normalize(text);

        Assert.Equal(text.Length, normalised.Length);
        Assert.Equal(text.IndexOf("耳機", StringComparison.Ordinal), normalised.IndexOf("耳机", StringComparison.Ordinal));
        Assert.Equal(text.IndexOf("５００元", StringComparison.Ordinal), normalised.IndexOf("500元", StringComparison.Ordinal));
        Assert.Equal(text.IndexOf("以內", StringComparison.Ordinal), normalised.IndexOf("以内", StringComparison.Ordinal));
    }

    [Fact]
    public void FullWidthDigitsBecomeHalfWidth()
    {
        Assert.Equal("500元", TextNormalizer.Normalize("５００元"));
    }

    [Theory]
    [InlineData("请问这个耳机多少钱")]
    [InlineData("推荐一款500元以内的耳机")]
    [InlineData("我想给妈妈买个生日礼物")]
    [InlineData("拼团还差几个人")]
    public void SimplifiedTextIsUnchanged(string text)
    {
        Assert.Equal(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void LoneSurrogatesAndEmojiPassThroughWithoutThrowing()
    {
        // A [Fact], not [InlineData]: test runners mangle lone surrogates in serialised theory data.
        string[] texts = ["\ud800x😀", "\udc00", "\udc00\ud800", "😀👍🏽", "𠮷野家"];

        Assert.All(texts, text => Assert.Equal(text, TextNormalizer.Normalize(text)));
    }

    [Fact]
    public void TraditionalCharactersNextToEmojiAreStillSimplified()
    {
        Assert.Equal("买😀东西\ud800书", TextNormalizer.Normalize("買😀東西\ud800書"));
    }
}
