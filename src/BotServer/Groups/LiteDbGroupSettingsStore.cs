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

    // Both read under the lock a save holds. Misses are remembered too (null: not bound).
    private readonly Lock _gate = new();
    private readonly RememberedReads<string, GroupSettings?> _settings;

    // "Which merchant bound this platform group": admin callers that name no merchant ask it per
    // message (it was a LiteDB query each time). A save forgets the group's answer.
    private readonly RememberedReads<(string Platform, string GroupId), string?> _boundMerchants;

    public LiteDbGroupSettingsStore(LiteDbContext db)
    {
        _db = db;
        _settings = new(_gate, MaxRemembered, StringComparer.Ordinal);
        _boundMerchants = new(_gate, MaxRemembered);
        db.Database.Mapper.ToDocument(GroupSettings.DefaultsFor("warm-up", "warm-up", "warm-up"));
        Groups.EnsureIndex(g => g.MerchantId);
        Groups.EnsureIndex(g => g.GroupId);
    }

    private ILiteCollection<GroupSettings> Groups => _db.Collection<GroupSettings>("group_settings");

    public GroupSettings? Find(string merchantId, string platform, string groupId)
    {
        var key = GroupSettings.KeyOf(merchantId, platform, groupId);
        return _settings.Get(key, () => Groups.FindById(key));
    }

    public string? FindBoundMerchant(string platform, string groupId) =>
        _boundMerchants.Get((platform, groupId), () =>
            Groups.Find(g => g.GroupId == groupId && g.Platform == platform).Select(g => g.MerchantId).Order(StringComparer.Ordinal).FirstOrDefault());

    public void Save(GroupSettings settings)
    {
        lock (_gate)
        {
            _db.InTransaction(() => Groups.Upsert(settings));
            _settings.Replace(settings.Id, settings);
            _boundMerchants.Forget((settings.Platform, settings.GroupId));
        }
    }
}
