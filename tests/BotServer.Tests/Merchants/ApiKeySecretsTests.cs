using ChatCommerce.BotServer.Merchants;

namespace ChatCommerce.BotServer.Tests.Merchants;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void AGeneratedKeyMatchesItsRecordAndOnlyItsHashIsStored()
    {
        var (key, record) = ApiKeySecrets.Generate("demo", ApiKeyRole.Connector, "test", DateTime.UtcNow);

        Assert.True(ApiKeySecrets.TrySplit(key, out var keyId, out var secret));
        Assert.Equal(record.Id, keyId);
        Assert.True(ApiKeySecrets.Matches(record, secret));
        Assert.DoesNotContain(secret, Convert.ToBase64String(record.SecretHash));
        Assert.False(ApiKeySecrets.Matches(record, secret + "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cck_")]
    [InlineData("cck_abc")]
    [InlineData("cck_abc_")]
    [InlineData("other_abc_def")]
    public void MalformedKeysDoNotSplit(string key)
    {
        Assert.False(ApiKeySecrets.TrySplit(key, out _, out _));
    }
}
