using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Catalog;

public sealed class LiteDbProductStore : IProductStore
{
    private readonly LiteDbContext _db;

    public LiteDbProductStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new Product());
        Products.EnsureIndex(p => p.MerchantId);
    }

    private ILiteCollection<Product> Products => _db.Collection<Product>("products");

    public Product? Find(string merchantId, string productId) => Products.FindById(Product.StorageKey(merchantId, productId));

    public int Upsert(IReadOnlyCollection<Product> products) =>
        _db.InTransaction(() => products.Count(p => Products.Upsert(p)));

    public IReadOnlyList<Product> List(string merchantId, string? afterProductId, int limit, string? category)
    {
        // Ids are "{merchant}/{product}", so id order within one merchant is product-id order.
        var prefix = merchantId + "/";
        var after = afterProductId is null ? prefix : Product.StorageKey(merchantId, afterProductId);
        var query = Products.Query().Where(Query.And(Query.GT("_id", after), Query.StartsWith("_id", prefix)));
        if (!string.IsNullOrEmpty(category))
        {
            query = query.Where(BsonExpression.Create("$.CategoryPath[0] = @0", category));
        }
        return query.OrderBy("_id").Limit(limit).ToList();
    }

    public IEnumerable<Product> All(string merchantId) => Products.Find(p => p.MerchantId == merchantId);

    public IReadOnlyList<string> MerchantIds() =>
        Products.Query().Select(p => p.MerchantId).ToEnumerable().Distinct(StringComparer.Ordinal).ToList();

    public Product? Delete(string merchantId, string productId) =>
        _db.InTransaction(() =>
        {
            var existing = Products.FindById(Product.StorageKey(merchantId, productId));
            if (existing is not null)
            {
                Products.Delete(existing.Id);
            }
            return existing;
        });
}
