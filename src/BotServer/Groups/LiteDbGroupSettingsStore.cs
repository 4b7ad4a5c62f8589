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

    // A miss is remembered too (null: not bound). A save bumps _saves to odd before it writes and to
    // even after it has replaced the copy; a read only remembers what it found when no save was
    // under way at any point of the read, so a document read before a save is never remembered after it.
    private readonly ConcurrentDictionary<string, GroupSettings?> _remembered = new(StringComparer.Ordinal);
    private readonly Lock _saving = new();
    private long _saves;

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
        if (_remembered.TryGetValue(key, out var settings))
        {
            return settings;
        }
        var saves = Interlocked.Read(ref _saves);
        settings = Groups.FindById(key);
        if (saves % 2 == 0 && Interlocked.Read(ref _saves) == saves)
        {
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }
            _remembered.TryAdd(key, settings);
        }
        return settings;
    }

    public string? FindBoundMerchant(string platform, string groupId) =>
        Groups.Find(g => g.GroupId == groupId && g.Platform == platform).Select(g => g.MerchantId).Order(StringComparer.Ordinal).FirstOrDefault();

    public void Save(GroupSettings settings)
    {
        lock (_saving)
        {
            Interlocked.Increment(ref _saves);
            try
            {
                _db.InTransaction(() => Groups.Upsert(settings));
                _remembered[settings.Id] = settings;
            }
            finally
            {
                Interlocked.Increment(ref _saves);
            }
        }
    }
}
