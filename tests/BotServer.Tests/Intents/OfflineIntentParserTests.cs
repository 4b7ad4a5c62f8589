using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class OfflineIntentParserTests
{
    private readonly OfflineIntentParser _parser = new(IntentModel.Default);

    private IntentResult Parse(string text) => _parser.Parse(text, new ParseContext("demo"));

    [Theory]
    [InlineData("help", "help", "en")]
    [InlineData("帮助", "help", "zh")]
    [InlineData("你好", "greet", "zh")]
    [InlineData("hey there", "greet", "en")]
    [InlineData("谢谢啦", "thanks", "zh")]
    [InlineData("推荐耳机", "recommend", "zh")]
    [InlineData("这个多少钱", "ask_price", "zh")]
    [InlineData("do you have a kettle", "search_products", "en")]
    [InlineData("今晚吃火锅吗", "none", "zh")]
    [InlineData("this is fine", "none", "en")]
    public void CuePhrasesDecideTheIntentAndCjkDecidesTheLanguage(string text, string intent, string language)
    {
        var result = Parse(text);

        Assert.Equal(intent, result.Intent);
        Assert.Equal(language, result.Language);
    }

    [Theory]
    [InlineData("推荐一款500元以内的耳机", "500")]
    [InlineData("２００块以下的杯子", "200")]
    [InlineData("earbuds under $50", "50")]
    [InlineData("below 99.5 please", "99.5")]
    public void AnUpperBudgetIsANormalisedPlainDecimal(string text, string budget)
    {
        var entity = Assert.Single(Parse(text).Entities, e => e.Type == "budget_max");

        Assert.Equal(budget, entity.Value);
        Assert.Equal(entity.Text, text[entity.Start..entity.End], ignoreCase: true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("😀😀😀")]
    [InlineData("\u0001\u0002")]
    [InlineData("\ud800 lone surrogate")]
    public void OddInputIsNoneWithoutAnException(string text)
    {
        Assert.Equal("none", Parse(text).Intent);
    }
}
