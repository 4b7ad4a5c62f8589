using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Merchants;

/// <summary>
/// Merchants in LiteDB. They are only ever created, never changed or removed, so a merchant once
/// found is remembered for good: every message and call resolves its merchant. A miss is not
/// remembered (the merchant may be created next). Whoever adds an update or a delete here must
/// forget the remembered merchant in the same step.
/// </summary>
public sealed class LiteDbMerchantStore : IMerchantStore
{
    private const int MaxRemembered = 10_000;

    private readonly LiteDbContext _db;
    private readonly RememberedReads<string, Merchant?> _found = new(new Lock(), MaxRemembered, StringComparer.Ordinal, keep: merchant => merchant is not null);

    public LiteDbMerchantStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new Merchant());
    }

    private LiteDB.ILiteCollection<Merchant> Merchants => _db.Collection<Merchant>("merchants");

    public Merchant? Find(string merchantId) => _found.Get(merchantId, () => Merchants.FindById(merchantId));

    public bool TryCreate(Merchant merchant) =>
        _db.InTransaction(() =>
        {
            if (Merchants.FindById(merchant.Id) is not null)
            {
                return false;
            }
            Merchants.Insert(merchant);
            return true;
        });
}
