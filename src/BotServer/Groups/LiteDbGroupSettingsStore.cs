using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Groups;

public sealed class LiteDbGroupSettingsStore : IGroupSettingsStore
{
    private readonly LiteDbContext _db;

    public LiteDbGroupSettingsStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(GroupSettings.DefaultsFor("warm-up", "warm-up", "warm-up"));
        Groups.EnsureIndex(g => g.MerchantId);
        Groups.EnsureIndex(g => g.GroupId);
    }

    private ILiteCollection<GroupSettings> Groups => _db.Collection<GroupSettings>("group_settings");

    public GroupSettings? Find(string merchantId, string platform, string groupId) =>
        Groups.FindById(GroupSettings.KeyOf(merchantId, platform, groupId));

    public string? FindBoundMerchant(string platform, string groupId) =>
        Groups.Find(g => g.GroupId == groupId && g.Platform == platform).Select(g => g.MerchantId).Order(StringComparer.Ordinal).FirstOrDefault();

    public void Save(GroupSettings settings) => _db.InTransaction(() => Groups.Upsert(settings));
}
