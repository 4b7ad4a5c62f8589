using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>A group-chat message, as the conversation sees it.</summary>
public sealed record IncomingMessage(
    string MerchantId,
    string Platform,
    string GroupId,
    string MessageId,
    string UserId,
    string DisplayName,
    string Text,
    bool MentionsBot,
    IReadOnlyList<string> MentionedUserIds,
    DateTimeOffset SentAt);

/// <summary>One text the bot posts.</summary>
public sealed record OutgoingReply(string Text, IReadOnlyList<string> MentionUserIds, IReadOnlyList<string> ProductIds)
{
    public static OutgoingReply Plain(string text) => new(text, [], []);
}

public sealed record ConversationResult(IReadOnlyList<OutgoingReply> Replies, IntentResult Intent);

/// <summary>Everything a handler needs to answer one message.</summary>
public sealed record Turn(IncomingMessage Message, IntentResult Intent, GroupContext Group)
{
    public string Language => Intent.Language;

    /// <summary>The group's settings (defaults when it was never bound).</summary>
    public Groups.GroupSettings Settings { get; init; } = Groups.GroupSettings.DefaultsFor(Message.MerchantId, Message.Platform, Message.GroupId);
}

/// <summary>Answers the intents it names. One per feature; the engine picks by intent name.</summary>
public interface IIntentHandler
{
    IReadOnlyCollection<string> Intents { get; }

    ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken);
}
