using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// Whether a group message is for the bot. A bot that answers "今晚吃火锅吗" gets removed from the
/// group, so unaddressed messages are answered only in proactive groups, and only when the parser
/// is sure they are shopping talk.
/// </summary>
public static class Addressing
{
    /// <summary>Intents a proactive group answers without a mention; greetings, thanks and help need one.</summary>
    public static readonly IReadOnlySet<string> ShoppingIntents = new HashSet<string>(StringComparer.Ordinal)
    {
        IntentNames.SearchProducts, IntentNames.AskPrice, IntentNames.Recommend, IntentNames.Gift,
        IntentNames.StartGroupBuy, IntentNames.JoinGroupBuy, IntentNames.LeaveGroupBuy,
        IntentNames.GroupBuyStatus, IntentNames.MyOrders,
    };

    /// <summary>
    /// Addressed when the platform says so (an @-mention, "shopbot:", a reply to the bot), for a
    /// command ("/help"), for an answer to a question the bot is waiting on, or — in a proactive
    /// group — for a shopping intent at or above <paramref name="proactiveConfidence"/>.
    /// </summary>
    public static bool IsForTheBot(IncomingMessage message, IntentResult intent, ReplyMode mode, bool continuesDialogue, double proactiveConfidence) =>
        message.MentionsBot
        || IsCommand(message.Text)
        || continuesDialogue
        || (mode == ReplyMode.Proactive && ShoppingIntents.Contains(intent.Intent) && intent.Confidence >= proactiveConfidence);

    /// <summary>"/help", "/搜索 耳机": a slash and a letter at the start (not a path or a smiley like "/_\").</summary>
    public static bool IsCommand(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length >= 2 && trimmed[0] is '/' or '／' && char.IsLetter(trimmed[1]);
    }
}
