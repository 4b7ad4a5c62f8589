using Microsoft.Extensions.Caching.Memory;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// Questions the bot asked and is waiting on, one per (merchant, platform, group, user), in a
/// size-bounded memory cache: what was said so far, and when the bot asked. An answer later than
/// <see cref="AnswerWindow"/> is a new conversation.
/// </summary>
public class PendingQuestions<T>(TimeProvider time) : IDisposable where T : class
{
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromMinutes(10);

    private const int MaxPending = 20_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxPending });

    public void Remember(Turn turn, T saidSoFar) =>
        _cache.Set(Key(turn), new Pending(saidSoFar, time.GetUtcNow()), new MemoryCacheEntryOptions
        {
            Size = 1,
            // Only bounds memory; freshness is judged with the TimeProvider below.
            AbsoluteExpirationRelativeToNow = AnswerWindow * 2,
        });

    /// <summary>What was said before the bot asked this user, if it asked within the answer window.</summary>
    public T? Find(Turn turn) =>
        _cache.TryGetValue(Key(turn), out Pending? pending) && time.GetUtcNow() - pending!.AskedAt <= AnswerWindow
            ? pending.SaidSoFar
            : null;

    public void Forget(Turn turn) => _cache.Remove(Key(turn));

    public void Dispose()
    {
        _cache.Dispose();
        GC.SuppressFinalize(this);
    }

    private static (string, string, string, string) Key(Turn turn) =>
        (turn.Message.MerchantId, turn.Message.Platform, turn.Message.GroupId, turn.Message.UserId);

    private sealed record Pending(T SaidSoFar, DateTimeOffset AskedAt);
}
