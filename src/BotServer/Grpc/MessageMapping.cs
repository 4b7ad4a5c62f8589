using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using Contract = ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

public static class MessageMapping
{
    public static IncomingMessage ToDomain(Contract.ChatMessage m, string merchantId, TimeProvider time) => new(
        merchantId,
        m.Platform.Trim().ToLowerInvariant(),
        m.GroupId,
        m.MessageId,
        m.Sender?.UserId ?? "",
        string.IsNullOrWhiteSpace(m.Sender?.DisplayName) ? m.Sender?.UserId ?? "" : m.Sender.DisplayName,
        m.Text,
        m.MentionsBot,
        m.MentionedUserIds.ToList(),
        m.SentAt?.ToDateTimeOffset() ?? time.GetUtcNow());

    public static Contract.BotReply ToContract(OutgoingReply reply, string inReplyTo) => new()
    {
        Text = reply.Text,
        MentionUserIds = { reply.MentionUserIds },
        InReplyToMessageId = inReplyTo,
        ProductIds = { reply.ProductIds },
    };

    public static Contract.ParsedIntent ToContract(IntentResult intent) => new()
    {
        Intent = intent.Intent,
        Confidence = (float)intent.Confidence,
        Language = intent.Language,
        Entities =
        {
            intent.Entities.Select(e => new Contract.Entity { Type = e.Type, Value = e.Value, Text = e.Text, Start = e.Start, End = e.End }),
        },
    };
}
