using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Merchants;

public sealed class LiteDbApiKeyStore : IApiKeyStore
{
    private readonly LiteDbContext _db;

    public LiteDbApiKeyStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new ApiKeyRecord());
        Keys.EnsureIndex(k => k.MerchantId);
    }

    private LiteDB.ILiteCollection<ApiKeyRecord> Keys => _db.Collection<ApiKeyRecord>("api_keys");

    public ApiKeyRecord? Find(string keyId) => Keys.FindById(keyId);

    public void Insert(ApiKeyRecord record) => _db.InTransaction(() => Keys.Insert(record));
}
