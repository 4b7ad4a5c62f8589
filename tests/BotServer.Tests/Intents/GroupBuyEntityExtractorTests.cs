using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class GroupBuyEntityExtractorTests
{
    private static string? Value(string text, string type) =>
        GroupBuyEntityExtractor.Extract(TextNormalizer.Normalize(text), text).FirstOrDefault(e => e.Type == type)?.Value;

    [Theory]
    [InlineData("开个3人团", "3")]
    [InlineData("来 开个五人团 拼洗衣液", "5")]
    [InlineData("两人拼的话单价多少", "2")]
    [InlineData("create a team of 4", "4")]
    [InlineData("open a group for the vitamin c, 2 ppl", "2")]
    [InlineData("let's start a team buy, 6 of us", "6")]
    public void TeamSizesAreFound(string text, string size)
    {
        Assert.Equal(size, Value(text, "team_size"));
    }

    [Theory]
    [InlineData("要三盒的话总共多少钱", "3")]
    [InlineData("上车 我要俩", "2")]
    [InlineData("start a group purchase for tissues, x3", "3")]
    [InlineData("i need 2 pairs of running shoes", "2")]
    [InlineData("me too, put me down for 2", "2")]
    public void QuantitiesAreFound(string text, string quantity)
    {
        Assert.Equal(quantity, Value(text, "quantity"));
    }

    [Theory]
    [InlineData("取消我在GB-3TZ9W的名额", "GB-3TZ9W")]
    [InlineData("join gb-8jx4q", "GB-8JX4Q")]
    public void GroupBuyIdsAreFoundAndUpperCased(string text, string id)
    {
        Assert.Equal(id, Value(text, "group_buy_id"));
    }

    [Theory]
    [InlineData("第2个")]
    [InlineData("500以内的耳机")]
    [InlineData("3个人坐的车")]
    [InlineData("今晚吃火锅吗")]
    public void OtherNumbersAreNotGroupBuyEntities(string text)
    {
        Assert.Null(Value(text, "team_size"));
        Assert.Null(Value(text, "quantity"));
    }
}
