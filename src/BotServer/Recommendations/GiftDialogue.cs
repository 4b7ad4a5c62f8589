using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// 挑礼物 in the chat: recipient + occasion + budget → picks. When the recipient or the budget is
/// missing the bot asks once for what is missing and remembers what was said for that user; the
/// user's next message fills the gaps. Still missing after asking once: pick with what there is.
/// </summary>
public sealed class GiftDialogue(Recommender recommender, PendingGiftQuestions pending, ChatPicks picks) : IPendingDialogue
{
    // Without a recipient or an occasion there is no prior to go by: search for gift-like products.
    private const string AnyGiftQuery = "礼物 礼盒 gift";

    /// <summary>True when the message answers a gift question the bot asked this user.</summary>
    public bool IsAnswer(Turn turn) => pending.Find(turn) is not null && GiftAsk.From(turn.Intent).GivesAnything;

    bool IPendingDialogue.Answers(Turn turn) => IsAnswer(turn);

    ValueTask<IReadOnlyList<OutgoingReply>> IPendingDialogue.ContinueAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Handle(turn));

    public IReadOnlyList<OutgoingReply> Handle(Turn turn)
    {
        var earlier = pending.Find(turn);
        var said = GiftAsk.From(turn.Intent);
        var ask = earlier is null ? said : said.Over(earlier);
        var needRecipient = ask.Recipient.Length == 0;
        var needBudget = !ask.HasBudget;
        if (earlier is null && (needRecipient || needBudget))
        {
            pending.Remember(turn, ask);
            return [OutgoingReply.Plain(ReplyTexts.GiftQuestion(turn.Language, needRecipient, needBudget))];
        }
        pending.Forget(turn);
        var found = recommender.Recommend(ChatPicks.RequestFor(turn) with
        {
            Query = needRecipient && ask.Occasion.Length == 0 ? AnyGiftQuery : "",
            BudgetMin = ask.BudgetMin,
            BudgetMax = ask.BudgetMax,
            Recipient = ask.Recipient,
            Occasion = ask.Occasion,
        });
        if (found.Count == 0)
        {
            return [OutgoingReply.Plain(ReplyTexts.NoGiftPicks(turn.Language))];
        }
        var forWhom = needRecipient ? null : GiftVocabulary.RecipientName(ask.Recipient, turn.Language);
        return picks.Show(turn, found, ReplyTexts.GiftPicks(turn.Language, ChatPicks.Lines(found), forWhom));
    }
}
