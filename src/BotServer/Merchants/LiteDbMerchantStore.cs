using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Merchants;

public sealed class LiteDbMerchantStore : IMerchantStore
{
    private readonly LiteDbContext _db;

    public LiteDbMerchantStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new Merchant());
    }

    private LiteDB.ILiteCollection<Merchant> Merchants => _db.Collection<Merchant>("merchants");

    public Merchant? Find(string merchantId) => Merchants.FindById(merchantId);

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
