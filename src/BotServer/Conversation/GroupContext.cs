using Microsoft.Extensions.Caching.Memory;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>What the bot remembers about one group: the last list it showed (for "第2个"), the last language.</summary>
public sealed class GroupContext
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _lastList = [];

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
