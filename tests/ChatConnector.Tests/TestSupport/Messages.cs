using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatCommerce.ChatConnector.Tests.TestSupport;

internal static class Messages
{
    public static ChatMessage Chat(string messageId, string text = "有什么耳机推荐", string groupId = "g1", string userId = "alice") => new()
    {
        Platform = "console",
        GroupId = groupId,
        MessageId = messageId,
        Sender = new Sender { UserId = userId, DisplayName = userId },
        Text = text,
        MentionsBot = true,
        SentAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 11, 11, 20, 0, 0, TimeSpan.Zero)),
    };
}
