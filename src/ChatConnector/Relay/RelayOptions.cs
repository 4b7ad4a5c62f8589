using System.Reflection;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>How the connector reaches the BotServer. The CLI sets the first four; the rest can be tuned in the "Relay" configuration section.</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>The BotServer's gRPC endpoint; http:// means plain-text HTTP/2 (h2c).</summary>
    public Uri BotUrl { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>Sent as "x-api-key" metadata on the stream.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>A stable name for this connector instance, e.g. "console-1".</summary>
    public string ConnectorId { get; set; } = "";

    /// <summary>Sent in the hello, for the BotServer's logs.</summary>
    public string Version { get; set; } =
        typeof(RelayOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Used until the server's welcome names another interval.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait for the welcome that answers the hello.</summary>
    public TimeSpan WelcomeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On shutdown, how long the server gets to end the stream after the connector closed its side.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Ceiling of the first reconnect delay; it doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages waiting for the server's answer; when full, reading from the platform waits.</summary>
    public int MaxPendingMessages { get; set; } = 1000;

    /// <summary>
    /// Where unanswered messages are kept so they survive a restart (see <see cref="FilePendingMessageQueue"/>);
    /// null keeps them in memory only.
    /// </summary>
    public string? QueueDirectory { get; set; }

    /// <summary>How many recent message ids are remembered to drop platform duplicates.</summary>
    public int DeduplicationWindow { get; set; } = 10_000;
}
