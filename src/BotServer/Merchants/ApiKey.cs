using System.Security.Cryptography;
using System.Text;

namespace ChatCommerce.BotServer.Merchants;

public enum ApiKeyRole
{
    Admin = 1,
    Merchant = 2,
    Connector = 3,
}

/// <summary>A stored API key: only a salted hash of its secret is kept.</summary>
public sealed class ApiKeyRecord
{
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public ApiKeyRole Role { get; set; }
    public string Description { get; set; } = "";
    public byte[] Salt { get; set; } = [];
    public byte[] SecretHash { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>The request that created it; a retry is refused rather than minting a second secret.</summary>
    public string CreateRequestId { get; set; } = "";
}

/// <summary>
/// Key format: <c>cck_{keyId}_{secret}</c>. The key id finds the record; the secret is checked
/// against its salted SHA-256 in constant time.
/// </summary>
public static class ApiKeySecrets
{
    private const string Prefix = "cck_";

    public static (string Key, ApiKeyRecord Record) Generate(string merchantId, ApiKeyRole role, string description, DateTime now)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKeyRecord
        {
            Id = keyId,
            MerchantId = merchantId,
            Role = role,
            Description = description,
            Salt = salt,
            SecretHash = Hash(salt, secret),
            CreatedAt = now,
        };
        return ($"{Prefix}{keyId}_{secret}", record);
    }

    public static bool TrySplit(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || separator == rest.Length - 1)
        {
            return false;
        }
        keyId = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return true;
    }

    public static bool Matches(ApiKeyRecord record, string secret) =>
        CryptographicOperations.FixedTimeEquals(Hash(record.Salt, secret), record.SecretHash);

    public static bool ConstantTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static byte[] Hash(byte[] salt, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var buffer = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(buffer, 0);
        secretBytes.CopyTo(buffer, salt.Length);
        return SHA256.HashData(buffer);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public interface IApiKeyStore
{
    ApiKeyRecord? Find(string keyId);

    void Insert(ApiKeyRecord record);

    /// <summary>The key a merchant created with this request id, if any.</summary>
    ApiKeyRecord? FindByRequest(string merchantId, string requestId);

    /// <summary>Marks the key revoked at <paramref name="at"/> unless it already is; returns the stored record.</summary>
    ApiKeyRecord Revoke(string keyId, DateTime at);
}
