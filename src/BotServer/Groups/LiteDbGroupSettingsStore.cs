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
        if (_remembered.TryGetValue(key, out var settings))
        {
            return settings;
        }
        lock (_gate)
        {
            if (_remembered.TryGetValue(key, out settings))
            {
                return settings;
            }
            settings = Groups.FindById(key);
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }
            _remembered[key] = settings;
            return settings;
        }
    }

    public string? FindBoundMerchant(string platform, string groupId)
    {
        var key = (platform, groupId);
        if (_boundMerchants.TryGetValue(key, out var merchant))
        {
            return merchant;
        }
        lock (_gate)
        {
            if (_boundMerchants.TryGetValue(key, out merchant))
            {
                return merchant;
            }
            merchant = Groups.Find(g => g.GroupId == groupId && g.Platform == platform).Select(g => g.MerchantId).Order(StringComparer.Ordinal).FirstOrDefault();
            if (_boundMerchants.Count >= MaxRemembered)
            {
                _boundMerchants.Clear();
            }
            _boundMerchants[key] = merchant;
            return merchant;
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
