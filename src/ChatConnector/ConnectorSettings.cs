using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector;

/// <summary>What <c>chatconnector run</c> was asked to do, validated.</summary>
/// <param name="Platform">The platform adapter to run, e.g. "console".</param>
/// <param name="BotUrl">The BotServer's gRPC endpoint.</param>
/// <param name="ApiKey">The merchant or connector API key.</param>
/// <param name="ConnectorId">A stable name for this connector instance.</param>
/// <param name="GroupId">The group the console starts in.</param>
/// <param name="BotNick">The bot's name in the chat.</param>
/// <param name="User">Who speaks first on the console.</param>
/// <param name="AddressAll">Every line counts as addressed to the bot.</param>
/// <param name="LogLevel">Lowest level logged to stderr.</param>
public sealed record ConnectorSettings(
    string Platform,
    Uri BotUrl,
    string ApiKey,
    string ConnectorId,
    string GroupId,
    string BotNick,
    string User,
    bool AddressAll,
    LogLevel LogLevel)
{
    /// <summary>The IRC server and channels, for <c>--platform irc</c>.</summary>
    public IrcSettings? Irc { get; init; }

    /// <summary>The endpoint and reply URL, for <c>--platform webhook</c>.</summary>
    public WebhookSettings? Webhook { get; init; }

    /// <summary>The bot token and API server, for <c>--platform telegram</c>.</summary>
    public TelegramSettings? Telegram { get; init; }

    /// <summary>
    /// Where unanswered messages are kept across restarts; null keeps them in memory only
    /// (lost when the connector stops).
    /// </summary>
    public string? QueueDirectory { get; init; }

    /// <summary>The default queue directory for a connector: under the user's local application data.</summary>
    public static string DefaultQueueDirectory(string connectorId)
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(root)
            ? Path.Combine(".", "connector-queue", connectorId)
            : Path.Combine(root, "chatcommerce", "connector-queue", connectorId);
    }
}

/// <param name="Host">The IRC server's host name or address.</param>
/// <param name="Port">Its plain-text port, usually 6667.</param>
/// <param name="Channels">Channels to join: each is a group.</param>
/// <param name="Password">The server password (PASS), if it needs one.</param>
public sealed record IrcSettings(string Host, int Port, IReadOnlyList<string> Channels, string? Password = null);

/// <param name="ListenUrl">Where the connector listens for group messages (POST /messages).</param>
/// <param name="ReplyUrl">Where it POSTs the bot's replies.</param>
/// <param name="Secret">The shared HMAC secret of both directions.</param>
/// <param name="PostsPerMinute">The most replies POSTed for one group in any minute.</param>
public sealed record WebhookSettings(Uri ListenUrl, Uri ReplyUrl, string Secret, int PostsPerMinute = 20);

/// <param name="Token">The bot token from @BotFather.</param>
/// <param name="ApiUrl">Another Bot API server, or null for Telegram's own.</param>
public sealed record TelegramSettings(string Token, Uri? ApiUrl = null);
