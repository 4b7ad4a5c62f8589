using ChatCommerce.ChatConnector.Outbound;

namespace ChatCommerce.ChatConnector.Platforms.Webhook;

public sealed class WebhookPlatformOptions
{
    /// <summary>Where the connector listens for group messages, e.g. http://127.0.0.1:8088 (port 0 picks a free one).</summary>
    public Uri ListenUrl { get; set; } = new("http://127.0.0.1:8088");

    /// <summary>Where the bot's replies are POSTed.</summary>
    public Uri? ReplyUrl { get; set; }

    /// <summary>The shared secret both directions sign their bodies with (HMAC-SHA256, see <see cref="WebhookSignature"/>).</summary>
    public string Secret { get; set; } = "";

    /// <summary>The bot's name: "@shopbot" or "shopbot:" in a message's text addresses it.</summary>
    public string BotNick { get; set; } = "shopbot";

    /// <summary>Per-group pace of replies; group robots allow about 20 a minute.</summary>
    public SendRate SendRate { get; set; } = SendRate.Webhook;

    /// <summary>Longest text in one reply POST (UTF-16 code units); longer replies are split. WeCom robots take 2,048 bytes of text.</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Attempts after the first failed reply POST (5xx, 408, 429, connection errors).</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry's median delay; it doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a message POST waits for room in the connector's queue (full while the BotServer
    /// is away) before it is answered 503 with Retry-After; the sender's retry is taken as the same message.
    /// </summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(10);
}
