using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Merchants.Auth;

/// <summary>Authenticates the `x-api-key` header (gRPC metadata) against the admin key and the stored keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey adminKey,
    IApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";
    private const int MaxKeyLength = 200;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var key = values.ToString().Trim();
        var caller = key.Length <= MaxKeyLength ? Identify(key) : null;
        return Task.FromResult(caller is null
            ? AuthenticateResult.Fail("The x-api-key is not valid or was revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName)));
    }

    private Caller? Identify(string key)
    {
        if (ApiKeySecrets.ConstantTimeEquals(key, adminKey.Value))
        {
            return new Caller(ApiKeyRole.Admin, null, "admin");
        }
        if (!ApiKeySecrets.TrySplit(key, out var keyId, out var secret))
        {
            return null;
        }
        var record = keys.Find(keyId);
        if (record is null || record.RevokedAt is not null || !ApiKeySecrets.Matches(record, secret))
        {
            return null;
        }
        return new Caller(record.Role, record.Role == ApiKeyRole.Admin ? null : record.MerchantId, record.Id);
    }
}
