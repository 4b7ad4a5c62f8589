using Microsoft.Extensions.Caching.Memory;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>One remembered message: who, what (cut to <see cref="GroupContext.MaxRememberedText"/>), how it was read.</summary>
public sealed record TurnRecord(string UserId, string Text, string Intent, string Language, DateTimeOffset At);

/// <summary>
/// What the bot remembers about one group: the last list it showed (for "第2个"), the last
/// language, and a short bounded history (the last <see cref="MaxTurns"/> addressed messages), so
/// memory per group stays flat however long the group lives.
/// </summary>
public sealed class GroupContext
{
    public const int MaxTurns = 20;
    public const int MaxRememberedText = 200;

    private readonly Lock _gate = new();
    private readonly Queue<TurnRecord> _history = new(MaxTurns);
    private IReadOnlyList<string> _lastList = [];

    public IReadOnlyList<TurnRecord> History
    {
        get { lock (_gate) { return _history.ToArray(); } }
    }

    /// <summary>The language this user wrote in last in this group, if remembered.</summary>
    public string? LanguageOf(string userId)
    {
        lock (_gate)
        {
            return _history.LastOrDefault(t => t.UserId == userId)?.Language;
        }
    }

    public void Remember(TurnRecord turn)
    {
        var record = turn.Text.Length > MaxRememberedText ? turn with { Text = turn.Text[..MaxRememberedText] } : turn;
        lock (_gate)
        {
            if (_history.Count == MaxTurns)
            {
                _history.Dequeue();
            }
            _history.Enqueue(record);
        }
    }

    public IReadOnlyList<string> LastList
    {
        get { lock (_gate) { return _lastList; } }
    }

    public string? LastLanguage { get; set; }

    public void RememberList(IReadOnlyList<string> productIds)
    {
        lock (_gate)
        {
            _lastList = productIds.ToArray();
        }
    }
}

/// <summary>
/// Group contexts in a size-bounded memory cache that forgets idle groups, so memory stays flat
/// however many groups the bot has seen.
/// </summary>
public sealed class GroupContextStore : IDisposable
{
    private const int MaxGroups = 100_000;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromDays(1);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxGroups });

    public GroupContext For(string merchantId, string platform, string groupId) =>
        _cache.GetOrCreate((merchantId, platform, groupId), entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = IdleTimeout;
            return new GroupContext();
        })!;

    public void Dispose() => _cache.Dispose();
}
