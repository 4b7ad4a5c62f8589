using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Platforms;

/// <summary>
/// A chat platform adapter (console, IRC, webhook robots, Telegram): it turns
/// platform events into <see cref="ChatMessage"/>s and posts the bot's texts back. It knows
/// nothing about commerce; meaning and state belong to the BotServer.
/// </summary>
public interface IChatPlatform
{
    /// <summary>Lower-case platform name, as sent in <see cref="ChatMessage.Platform"/>: "console", "irc", ...</summary>
    string Name { get; }

    /// <summary>Connects to the platform (log in, join channels). Called once, before anything else.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The messages seen in the platform's groups, in the order they were seen. The sequence
    /// ends when the platform is done (the console user typed /quit, the input ended).
    /// </summary>
    IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called once the connector holds <paramref name="message"/> (in its disk queue when it has
    /// one) or has dropped it as a repeat of one it holds. A platform that confirms receipt to its
    /// sender (the webhook's 202) confirms then, so a confirmed message survives a crash.
    /// </summary>
    void OnQueued(ChatMessage message)
    {
    }

    /// <summary>
    /// People joining and leaving the platform's groups, for the BotServer's welcome texts. Platforms
    /// that do not see such events keep the default, which ends at once.
    /// </summary>
    IAsyncEnumerable<MemberEvent> ReadMemberEventsAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<MemberEvent>();

    /// <summary>
    /// Posts one bot text in a group: rendered the platform's way (mentions), split to its size
    /// limit and paced to its rate limit. Throws when the platform could not post it.
    /// </summary>
    /// <param name="deliveryKey">
    /// Names this text: the same when the same answer is posted again (after a connector restart or a
    /// cut stream the message is answered again). Platforms whose receiver can drop repeats pass it on.
    /// </param>
    Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken);

    /// <summary>Disconnects from the platform.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
