using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class BudgetExtractorTests
{
    private static (string? Min, string? Max, string? Currency) Budget(string text)
    {
        var entities = BudgetExtractor.Extract(TextTokens.Fold(text), text);
        return (entities.FirstOrDefault(e => e.Type == "budget_min")?.Value,
                entities.FirstOrDefault(e => e.Type == "budget_max")?.Value,
                entities.FirstOrDefault(e => e.Type == "currency")?.Value);
    }

    [Theory]
    [InlineData("两百块以内的耳机", null, "200", "CNY")]
    [InlineData("500以内", null, "500", null)]
    [InlineData("预算1万5", null, "15000", null)]
    [InlineData("1.5万以下的电脑", null, "15000", null)]
    [InlineData("不超过300元", null, "300", "CNY")]
    [InlineData("价格区间小于15万的车", null, "150000", null)]
    [InlineData("3k以内", null, "3000", null)]
    [InlineData("五百块钱以下", null, "500", "CNY")]
    [InlineData("earbuds under $50", null, "50", "USD")]
    [InlineData("less than 200 yuan", null, "200", "CNY")]
    [InlineData("within 150,000 yuan", null, "150000", "CNY")]
    [InlineData("my budget is 300", null, "300", null)]
    [InlineData("20刀以内", null, "20", "USD")]
    public void UpperBoundsAreFound(string text, string? min, string? max, string? currency)
    {
        Assert.Equal((min, max, currency), Budget(text));
    }

    [Theory]
    [InlineData("100-200元", "100", "200", "CNY")]
    [InlineData("5000到10000左右", "5000", "10000", null)]
    [InlineData("预算在5000-10000元之间", "5000", "10000", "CNY")]
    [InlineData("15到20万", "150000", "200000", null)]
    [InlineData("between 20 and 30 bucks", "20", "30", "USD")]
    [InlineData("$20-$30", "20", "30", "USD")]
    [InlineData("150,000 to 200,000 yuan", "150000", "200000", "CNY")]
    public void RangesGiveBothBounds(string text, string? min, string? max, string? currency)
    {
        Assert.Equal((min, max, currency), Budget(text));
    }

    [Theory]
    [InlineData("5k左右的手机", "4000", "6000")]
    [InlineData("around $100", "80", "120")]
    [InlineData("300上下", "240", "360")]
    public void AroundMeansTwentyPercentEitherSide(string text, string min, string max)
    {
        var (actualMin, actualMax, _) = Budget(text);

        Assert.Equal((min, max), (actualMin, actualMax));
    }

    [Theory]
    [InlineData("1000元以上", "1000")]
    [InlineData("at least 50 dollars", "50")]
    public void LowerBoundsAreFound(string text, string min)
    {
        Assert.Equal(min, Budget(text).Min);
    }

    [Theory]
    [InlineData("3-5人一起拼")]
    [InlineData("14英寸 8GB 笔记本")]
    [InlineData("要7座的SUV")]
    [InlineData("第2个")]
    [InlineData("top 3 earbuds")]
    [InlineData("今晚吃火锅吗")]
    [InlineData("")]
    public void CountsSizesAndChatterAreNotBudgets(string text)
    {
        Assert.Equal((null, null, null), Budget(text));
    }

    [Fact]
    public void TheEntityTextIsTheBudgetAsWritten()
    {
        const string text = "推荐一款５００元以内的耳机";

        var entity = Assert.Single(BudgetExtractor.Extract(TextTokens.Fold(text), text), e => e.Type == "budget_max");

        Assert.Equal("５００元以内", entity.Text);
        Assert.Equal(entity.Text, text[entity.Start..entity.End]);
    }
}
