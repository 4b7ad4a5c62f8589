using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class GiftEntityExtractorTests
{
    private static IntentResult Parse(string text) => new OfflineIntentParser(IntentModel.Default).Parse(text, new ParseContext("demo"));

    [Theory]
    [InlineData("送女朋友什么礼物好", "girlfriend", null)]
    [InlineData("给妈妈买个生日礼物，300以内", "mother", "birthday")]
    [InlineData("母亲节送老妈啥", "mother", "mothers_day")]
    [InlineData("想给爸妈挑个过年的礼物", "elder", "spring_festival")]
    [InlineData("gift for my dad's birthday", "father", "birthday")]
    [InlineData("a christmas present for my coworker", "colleague", "christmas")]
    [InlineData("housewarming gift for a friend", "friend", "housewarming")]
    public void GiftRequestsNameTheRecipientAndOccasion(string text, string recipient, string? occasion)
    {
        var result = Parse(text);

        Assert.Equal("gift", result.Intent);
        Assert.Equal(recipient, result.Entity("recipient"));
        Assert.Equal(occasion, result.Entity("occasion"));
    }

    [Fact]
    public void GirlfriendIsNotReadAsFriend()
    {
        Assert.Equal("girlfriend", Parse("送女朋友").Entity("recipient"));
    }

    [Theory]
    [InlineData("this season's best earbuds")]
    [InlineData("包邮吗")]
    [InlineData("今晚吃火锅吗")]
    public void OrdinaryTextIsNotAGiftRequest(string text)
    {
        Assert.NotEqual("gift", Parse(text).Intent);
        Assert.Null(Parse(text).Entity("recipient"));
    }
}
