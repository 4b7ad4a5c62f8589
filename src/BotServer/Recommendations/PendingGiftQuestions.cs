using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>What someone said they want a gift for; empty strings and nulls are not given.</summary>
public sealed record GiftAsk(string Recipient, string Occasion, decimal? BudgetMin, decimal? BudgetMax)
{
    public bool HasBudget => BudgetMin is not null || BudgetMax is not null;

    public bool GivesAnything => Recipient.Length > 0 || Occasion.Length > 0 || HasBudget;

    /// <summary>The parser's entities, keeping only values the recommender accepts (chat must not fail on them).</summary>
    public static GiftAsk From(IntentResult intent)
    {
        var recipient = intent.Entity("recipient");
        var occasion = intent.Entity("occasion");
        var min = NonNegative(intent.DecimalEntity("budget_min"));
        var max = NonNegative(intent.DecimalEntity("budget_max"));
        if (min > max)
        {
            (min, max) = (max, min);
        }
        return new GiftAsk(
            GiftVocabulary.IsRecipient(recipient) ? recipient! : "",
            GiftVocabulary.IsOccasion(occasion) ? occasion! : "",
            min,
            max);
    }

    private static decimal? NonNegative(decimal? amount) => amount >= 0 ? amount : null;

    /// <summary>This ask with the gaps filled from an earlier one.</summary>
    public GiftAsk Over(GiftAsk earlier) => new(
        Recipient.Length > 0 ? Recipient : earlier.Recipient,
        Occasion.Length > 0 ? Occasion : earlier.Occasion,
        HasBudget ? BudgetMin : earlier.BudgetMin,
        HasBudget ? BudgetMax : earlier.BudgetMax);
}

/// <summary>The gift questions the bot asked and is waiting on: what was already said.</summary>
public sealed class PendingGiftQuestions(TimeProvider time) : PendingQuestions<GiftAsk>(time);
