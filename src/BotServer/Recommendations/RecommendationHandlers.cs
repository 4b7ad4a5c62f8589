using System.Globalization;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// "推荐…" in the chat: like a search, but ranked by the recommender with a reason on each line.
/// </summary>
public sealed class RecommendHandler(Recommender recommender, ChatPicks picks) : IIntentHandler
{
    // Entity words are filters or references, not search terms.
    private static readonly HashSet<string> NonQueryEntities = new(StringComparer.Ordinal)
    {
        "budget_min", "budget_max", "currency", "quantity", "recipient", "occasion", "ordinal", "team_size",
    };

    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.Recommend];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var ask = GiftAsk.From(turn.Intent);
        var found = recommender.Recommend(ChatPicks.RequestFor(turn) with
        {
            Query = QueryText(turn),
            BudgetMin = ask.BudgetMin,
            BudgetMax = ask.BudgetMax,
            Recipient = ask.Recipient,
            Occasion = ask.Occasion,
            ContextProductIds = InView(turn),
        });
        IReadOnlyList<OutgoingReply> replies = found.Count == 0
            ? [OutgoingReply.Plain(ReplyTexts.NothingFound(turn.Language, ask.BudgetMax))]
            : picks.Show(turn, found, ReplyTexts.Picks(turn.Language, ChatPicks.Lines(found), ask.BudgetMax));
        return ValueTask.FromResult(replies);
    }

    private static string QueryText(Turn turn)
    {
        var text = turn.Message.Text;
        foreach (var entity in turn.Intent.Entities.Where(e => NonQueryEntities.Contains(e.Type)).OrderByDescending(e => e.Start))
        {
            text = entity.Start >= 0 && entity.End <= text.Length && entity.Start < entity.End && text[entity.Start..entity.End] == entity.Text
                ? text[..entity.Start] + " " + text[entity.End..]
                : text.Replace(entity.Text, " ", StringComparison.OrdinalIgnoreCase);
        }
        return text.Trim();
    }

    // "第2个有没有配套的" looks at the 2nd product of the group's last list; a named product is in view too.
    private static IReadOnlyList<string> InView(Turn turn)
    {
        var inView = new List<string>();
        if (int.TryParse(turn.Intent.Entity("ordinal"), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            && ordinal >= 1 && ordinal <= turn.Group.LastList.Count)
        {
            inView.Add(turn.Group.LastList[ordinal - 1]);
        }
        inView.AddRange(turn.Intent.Entities.Where(e => e.Type == "product").Select(e => e.Value));
        return inView.Distinct(StringComparer.Ordinal).Take(Recommender.MaxContextProducts).ToList();
    }
}

/// <summary>"送妈妈什么好" in the chat: the gift dialogue.</summary>
public sealed class GiftHandler(GiftDialogue gifts) : IIntentHandler
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.Gift];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(gifts.Handle(turn));
}
