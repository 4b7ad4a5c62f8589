using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// Posts picks in a group: remembers them as the group's last list (so "第2个" works) and
/// records that the group saw them.
/// </summary>
public sealed class ChatPicks(IGroupSignals signals, TimeProvider time)
{
    public const int ListSize = 5;

    public IReadOnlyList<OutgoingReply> Show(Turn turn, IReadOnlyList<Recommendation> picks, string text) =>
        Show(turn, picks.Select(p => p.Product).ToList(), text);

    public IReadOnlyList<OutgoingReply> Show(Turn turn, IReadOnlyList<Catalog.Product> products, string text)
    {
        var ids = products.Select(p => p.ProductId).ToList();
        turn.Group.RememberList(ids);
        var now = time.GetUtcNow();
        var message = turn.Message;
        signals.Record(ids.Select(id => new GroupSignal(message.MerchantId, message.Platform, message.GroupId, message.UserId, id, SignalKind.Viewed, now)).ToList());
        return [new OutgoingReply(text, [], ids)];
    }

    /// <summary>A recommendation for this group and sender, in the turn's language, as long as a chat list.</summary>
    public static RecommendationRequest RequestFor(Turn turn) => new()
    {
        MerchantId = turn.Message.MerchantId,
        Platform = turn.Message.Platform,
        GroupId = turn.Message.GroupId,
        UserId = turn.Message.UserId,
        Language = turn.Language,
        Limit = ListSize,
    };

    public static IReadOnlyList<(Catalog.Product Product, string Reason)> Lines(IReadOnlyList<Recommendation> picks) =>
        picks.Select(p => (p.Product, p.Reason)).ToList();
}
