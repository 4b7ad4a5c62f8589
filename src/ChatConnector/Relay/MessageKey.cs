using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// Identifies a platform message. Platforms number messages per chat (Telegram does), so the
/// message id alone is not unique across groups.
/// </summary>
public readonly record struct MessageKey(string Platform, string GroupId, string MessageId)
{
    public static MessageKey Of(ChatMessage message) => new(message.Platform, message.GroupId, message.MessageId);

    /// <summary>
    /// True when <paramref name="message"/> is the one this key names. Empty platform or group
    /// match anything: the server may leave them out when it answers a malformed message.
    /// </summary>
    public bool Matches(ChatMessage message) =>
        message.MessageId == MessageId
        && (Platform.Length == 0 || message.Platform == Platform)
        && (GroupId.Length == 0 || message.GroupId == GroupId);
}
