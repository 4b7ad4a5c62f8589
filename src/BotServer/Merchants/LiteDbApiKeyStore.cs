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
        Keys.EnsureIndex(k => k.CreateRequestId);
    }

    private LiteDB.ILiteCollection<ApiKeyRecord> Keys => _db.Collection<ApiKeyRecord>("api_keys");

    public ApiKeyRecord? Find(string keyId) => Keys.FindById(keyId);

    public void Insert(ApiKeyRecord record) => _db.InTransaction(() => Keys.Insert(record));

    public ApiKeyRecord? FindByRequest(string merchantId, string requestId) =>
        Keys.FindOne(k => k.CreateRequestId == requestId && k.MerchantId == merchantId);

    public ApiKeyRecord Revoke(string keyId, DateTime at) =>
        _db.InTransaction(() =>
        {
            var record = Keys.FindById(keyId) ?? throw new InvalidOperationException($"API key {keyId} vanished while being revoked.");
            if (record.RevokedAt is null)
            {
                record.RevokedAt = at;
                Keys.Update(record);
            }
            return record;
        });
}
