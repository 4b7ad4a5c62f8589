using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>Limits on incoming chat messages. Field names are the contract's.</summary>
public static class MessageRules
{
    public const int MaxTextLength = 4000;
    public const int MaxIdLength = 256;
    public const int MaxMentions = 50;

    public static void Check(IncomingMessage message)
    {
        new Violations()
            .When(string.IsNullOrWhiteSpace(message.Platform), "platform", "must not be empty")
            .When(message.Platform.Length > 32, "platform", "must be at most 32 characters")
            .When(string.IsNullOrWhiteSpace(message.GroupId), "group_id", "must not be empty")
            .When(message.GroupId.Length > MaxIdLength, "group_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(message.MessageId), "message_id", "must not be empty")
            .When(message.MessageId.Length > MaxIdLength, "message_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(message.UserId), "sender.user_id", "must not be empty")
            .When(message.UserId.Length > MaxIdLength || message.DisplayName.Length > MaxIdLength, "sender",
                $"user_id and display_name must be at most {MaxIdLength} characters")
            .When(message.Text.Length > MaxTextLength, "text", $"must be at most {MaxTextLength} characters (got {message.Text.Length})")
            .When(message.MentionedUserIds.Count > MaxMentions, "mentioned_user_ids", $"must hold at most {MaxMentions} ids")
            .ThrowIfAny();
    }
}
