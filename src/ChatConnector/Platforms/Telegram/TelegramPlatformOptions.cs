using ChatCommerce.ChatConnector.Outbound;

namespace ChatCommerce.ChatConnector.Platforms.Telegram;

public sealed class TelegramPlatformOptions
{
    /// <summary>The bot token from @BotFather, "123456789:AA…".</summary>
    public string Token { get; set; } = "";

    /// <summary>Another Bot API server (a local telegram-bot-api, a test double); null for api.telegram.org.</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>Telegram allows 20 messages a minute per group.</summary>
    public SendRate SendRate { get; set; } = SendRate.Telegram;

    /// <summary>How long one getUpdates call waits for news.</summary>
    public int LongPollSeconds { get; set; } = 30;

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);
}
