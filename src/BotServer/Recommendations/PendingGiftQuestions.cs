using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using Microsoft.Extensions.Caching.Memory;

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

/// <summary>
/// The gift questions the bot asked and is waiting on, one per (merchant, platform, group,
/// user), in a size-bounded memory cache: what was already said, and when the bot asked.
/// </summary>
public sealed class PendingGiftQuestions(TimeProvider time) : IDisposable
{
    /// <summary>An answer later than this is a new conversation.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromMinutes(10);

    private const int MaxPending = 20_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxPending });

    public void Remember(Turn turn, GiftAsk saidSoFar) =>
        _cache.Set(Key(turn), new Pending(saidSoFar, time.GetUtcNow()), new MemoryCacheEntryOptions
        {
            Size = 1,
            // Only bounds memory; freshness is judged with the TimeProvider below.
            AbsoluteExpirationRelativeToNow = AnswerWindow * 2,
        });

    /// <summary>What was said before the bot asked this user, if it asked within the answer window.</summary>
    public GiftAsk? Find(Turn turn) =>
        _cache.TryGetValue(Key(turn), out Pending? pending) && time.GetUtcNow() - pending!.AskedAt <= AnswerWindow
            ? pending.SaidSoFar
            : null;

    public void Forget(Turn turn) => _cache.Remove(Key(turn));

    public void Dispose() => _cache.Dispose();

    private static (string, string, string, string) Key(Turn turn) =>
        (turn.Message.MerchantId, turn.Message.Platform, turn.Message.GroupId, turn.Message.UserId);

    private sealed record Pending(GiftAsk SaidSoFar, DateTimeOffset AskedAt);
}
