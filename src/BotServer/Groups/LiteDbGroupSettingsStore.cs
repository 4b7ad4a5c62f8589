using System.Collections.Concurrent;
using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Groups;

/// <summary>
/// Group settings in LiteDB, with the ones read lately (bound or not) kept in memory: every message
/// reads its group's settings, and this store is their only writer, so a save updates the copy at once.
/// </summary>
public sealed class LiteDbGroupSettingsStore : IGroupSettingsStore
{
    /// <summary>Groups remembered; past this the memory is dropped and refilled from LiteDB as messages come.</summary>
    public const int MaxRemembered = 100_000;

    private readonly LiteDbContext _db;

    // A miss is remembered too (null: not bound). A miss reads LiteDB under the same lock a save
    // holds, so a document read before a save can never be remembered after it; hits take no lock.
    private readonly ConcurrentDictionary<string, GroupSettings?> _remembered = new(StringComparer.Ordinal);

    // The same for "which merchant bound this platform group" (admin callers that name no merchant
    // ask it per message; it was a LiteDB query each time). A save forgets the group's answer.
    private readonly ConcurrentDictionary<(string Platform, string GroupId), string?> _boundMerchants = new();
    private readonly Lock _gate = new();

    public LiteDbGroupSettingsStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(GroupSettings.DefaultsFor("warm-up", "warm-up", "warm-up"));
        Groups.EnsureIndex(g => g.MerchantId);
        Groups.EnsureIndex(g => g.GroupId);
    }

    private ILiteCollection<GroupSettings> Groups => _db.Collection<GroupSettings>("group_settings");

    public GroupSettings? Find(string merchantId, string platform, string groupId)
    {
        var key = GroupSettings.KeyOf(merchantId, platform, groupId);
        return Remembered(_remembered, key, () => Groups.FindById(key));
    }

    public string? FindBoundMerchant(string platform, string groupId) =>
        Remembered(_boundMerchants, (platform, groupId), () =>
            Groups.Find(g => g.GroupId == groupId && g.Platform == platform).Select(g => g.MerchantId).Order(StringComparer.Ordinal).FirstOrDefault());

    /// <summary>A remembered answer, or one read from LiteDB under the save lock and remembered (misses too).</summary>
    private TValue Remembered<TKey, TValue>(ConcurrentDictionary<TKey, TValue> memory, TKey key, Func<TValue> read)
        where TKey : notnull
    {
        if (memory.TryGetValue(key, out var value))
        {
            return value;
        }
        lock (_gate)
        {
            if (memory.TryGetValue(key, out value))
            {
                return value;
            }
            value = read();
            if (memory.Count >= MaxRemembered)
            {
                memory.Clear();
            }
            memory[key] = value;
            return value;
        }
    }

    public void Save(GroupSettings settings)
    {
        lock (_gate)
        {
            _db.InTransaction(() => Groups.Upsert(settings));
            _remembered[settings.Id] = settings;
            _boundMerchants.TryRemove((settings.Platform, settings.GroupId), out _);
        }
    }
}
