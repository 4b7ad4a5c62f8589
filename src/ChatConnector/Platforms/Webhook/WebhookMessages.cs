using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatCommerce.ChatConnector.Platforms.Webhook;

/// <summary>A group message POSTed to the connector (README: "Webhook robots" has the schema).</summary>
public sealed record WebhookInboundMessage(
    string? GroupId,
    string? MessageId,
    string? SenderId,
    string? SenderName,
    string? Text,
    bool? MentionsBot,
    DateTimeOffset? SentAt)
{
    /// <summary>What is missing or wrong, or an empty list.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Require(GroupId, "group_id", 256);
        Require(MessageId, "message_id", 256);
        Require(SenderId, "sender_id", 256);
        if (Text is null || Text.Length > 4000)
        {
            problems.Add("text is required, at most 4000 characters.");
        }

        return problems;

        void Require(string? value, string name, int maxLength)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
            {
                problems.Add($"{name} is required, at most {maxLength} characters.");
            }
        }
    }
}

/// <summary>One reply text the connector POSTs to the reply URL; a long reply comes as several, <see cref="Part"/> 1 to <see cref="Parts"/>.</summary>
public sealed record WebhookOutboundReply(
    string GroupId,
    string Text,
    IReadOnlyList<string> MentionUserIds,
    string InReplyToMessageId,
    int Part,
    int Parts);

internal static class WebhookJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
