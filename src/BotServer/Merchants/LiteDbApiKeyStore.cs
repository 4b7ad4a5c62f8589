using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Merchants;

/// <summary>
/// API keys in LiteDB. Every call made with a merchant or connector key looks its key up, so a
/// key once found is remembered. A revoke forgets it under the same lock that reads misses: a
/// read that overlaps a revoke is never remembered, and once the revoke returns the key is refused.
/// </summary>
public sealed class LiteDbApiKeyStore : IApiKeyStore
{
    private const int MaxRemembered = 10_000;

    private readonly LiteDbContext _db;
    private readonly RememberedReads<string, ApiKeyRecord?> _found = new(new Lock(), MaxRemembered, StringComparer.Ordinal, keep: record => record is not null);

    public LiteDbApiKeyStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new ApiKeyRecord());
        Keys.EnsureIndex(k => k.MerchantId);
        Keys.EnsureIndex(k => k.CreateRequestId);
    }

    private LiteDB.ILiteCollection<ApiKeyRecord> Keys => _db.Collection<ApiKeyRecord>("api_keys");

    public ApiKeyRecord? Find(string keyId) => _found.Get(keyId, () => Keys.FindById(keyId));

    public void Insert(ApiKeyRecord record) => _db.InTransaction(() => Keys.Insert(record));

    public ApiKeyRecord? FindByRequest(string merchantId, string requestId) =>
        Keys.FindOne(k => k.CreateRequestId == requestId && k.MerchantId == merchantId);

    public ApiKeyRecord Revoke(string keyId, DateTime at) =>
        _found.Writing(keyId, () => _db.InTransaction(() =>
        {
            var record = Keys.FindById(keyId) ?? throw new InvalidOperationException($"API key {keyId} vanished while being revoked.");
            if (record.RevokedAt is null)
            {
                record.RevokedAt = at;
                Keys.Update(record);
            }
            return record;
        }));
}
