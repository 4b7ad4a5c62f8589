using ChatCommerce.ChatConnector.Outbound;

namespace ChatCommerce.ChatConnector.Platforms.Irc;

public sealed class IrcPlatformOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 6667;

    /// <summary>Server password (PASS), when the server wants one.</summary>
    public string? Password { get; set; }

    /// <summary>Channels to join; each is a group, its name the group id.</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>The nick asked for; when taken, '_' is appended until the server accepts it.</summary>
    public string Nick { get; set; } = "shopbot";

    public string UserName { get; set; } = "shopbot";

    public string RealName { get; set; } = "ChatCommerce shopping assistant";

    /// <summary>Per-channel pace of the bot's lines; servers disconnect clients that flood.</summary>
    public SendRate SendRate { get; set; } = SendRate.Irc;

    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Silence after which the bot PINGs the server; as long again without an answer and it reconnects.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a reply waits for the connection to the IRC server to come back before it counts as not delivered.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
