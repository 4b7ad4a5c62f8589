using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatCommerce.ChatConnector.Platforms.Webhook;

/// <summary>
/// How both directions of the webhook prove they know the shared secret: the sender puts the
/// Unix time in seconds in <see cref="TimestampHeader"/> and
/// <c>sha256=</c> + lower-case hex of HMAC-SHA256(secret, timestamp + "." + body) in
/// <see cref="SignatureHeader"/>. The receiver recomputes it over the raw body bytes and refuses
/// timestamps more than <see cref="Tolerance"/> away from its clock, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-ChatCommerce-Timestamp";
    public const string SignatureHeader = "X-ChatCommerce-Signature";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when the headers carry a valid, recent signature of <paramref name="body"/>.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature is null
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
