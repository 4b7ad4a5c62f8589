using ChatCommerce.ChatConnector.Parsing;
using Grpc.Core;

namespace ChatCommerce.ChatConnector.Tests.Parsing;

public sealed class IntentQueryTests
{
    [Fact]
    public void ALineCarriesTheTextAndOptionallyItsLanguageMerchantAndGroup()
    {
        Assert.True(IntentQuery.TryRead("""{"text": "500以内的耳机", "language": "zh", "merchant_id": "demo", "group_id": "g1", "id": 7}""", out var query, out _));

        Assert.Equal(new IntentQuery("500以内的耳机", "zh", "demo", "g1"), query);
    }

    [Fact]
    public void CamelCaseSpellingsBlankValuesAndNullsAreAccepted()
    {
        Assert.True(IntentQuery.TryRead("""{"text": "", "language": " ", "merchantId": "demo", "groupId": null}""", out var query, out _));

        Assert.Equal(new IntentQuery("", null, "demo", null), query);
    }

    [Theory]
    [InlineData("", "empty line")]
    [InlineData("   ", "empty line")]
    [InlineData("hello", "not valid JSON")]
    [InlineData("""{"text": "a"} trailing""", "not valid JSON")]
    [InlineData("""["text"]""", "not an array")]
    [InlineData("""{}""", "\"text\" is missing")]
    [InlineData("""{"text": 5}""", "\"text\" is missing or not a string")]
    [InlineData("""{"text": "a", "language": 5}""", "\"language\" must be a string, not a number")]
    [InlineData("""{"text": "a", "groupId": {}}""", "\"group_id\" must be a string, not an object")]
    [InlineData("""{"text": "\ud800"}""", "not valid text")]
    public void AMalformedLineSaysWhatIsWrong(string line, string error)
    {
        Assert.False(IntentQuery.TryRead(line, out _, out var message));

        Assert.Contains(error, message);
    }

    [Fact]
    public void ErrorLinesAreOneLineOfJsonWithTheStatusCodeWhenThereIsOne()
    {
        Assert.Equal("""{"error":"\"text\" is missing"}""", new LineFailed("\"text\" is missing").ToJsonLine());
        Assert.Equal("""{"error":"语言: must be zh\nor en","code":"InvalidArgument"}""", new LineFailed("语言: must be zh\nor en", StatusCode.InvalidArgument).ToJsonLine());
    }
}
