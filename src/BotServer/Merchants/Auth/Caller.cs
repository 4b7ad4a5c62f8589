using System.Security.Claims;

namespace ChatCommerce.BotServer.Merchants.Auth;

/// <summary>Who is calling: the role and merchant of the API key that authenticated the request.</summary>
public sealed record Caller(ApiKeyRole Role, string? MerchantId, string KeyId)
{
    public const string RoleClaim = "chatcommerce:role";
    public const string MerchantClaim = "chatcommerce:merchant";
    public const string KeyClaim = "chatcommerce:key";

    public bool IsAdmin => Role == ApiKeyRole.Admin;

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(RoleClaim, Role.ToString()),
            new(ClaimTypes.Role, Role.ToString()),
            new(KeyClaim, KeyId),
        };
        if (MerchantId is not null)
        {
            claims.Add(new Claim(MerchantClaim, MerchantId));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller FromPrincipal(ClaimsPrincipal principal)
    {
        var role = Enum.Parse<ApiKeyRole>(principal.FindFirstValue(RoleClaim)
            ?? throw new InvalidOperationException("The request was not authenticated with an API key."));
        return new Caller(role, principal.FindFirstValue(MerchantClaim), principal.FindFirstValue(KeyClaim) ?? "");
    }
}
