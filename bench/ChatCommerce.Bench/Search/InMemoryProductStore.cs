using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.Bench.Search;

/// <summary>A store that is only a dictionary: search implementations rebuild from it without LiteDB in the way.</summary>
public sealed class InMemoryProductStore : IProductStore
{
    private readonly Dictionary<string, SortedDictionary<string, Product>> _merchants = new(StringComparer.Ordinal);

    public InMemoryProductStore(IEnumerable<Product> products) => Upsert(products.ToList());

    public int Count => _merchants.Values.Sum(m => m.Count);

    public Product? Find(string merchantId, string productId) =>
        _merchants.TryGetValue(merchantId, out var products) && products.TryGetValue(productId, out var product) ? product : null;

    public int Upsert(IReadOnlyCollection<Product> products)
    {
        var created = 0;
        foreach (var product in products)
        {
            if (!_merchants.TryGetValue(product.MerchantId, out var merchant))
            {
                merchant = new SortedDictionary<string, Product>(StringComparer.Ordinal);
                _merchants.Add(product.MerchantId, merchant);
            }
            created += merchant.TryAdd(product.ProductId, product) ? 1 : 0;
            merchant[product.ProductId] = product;
        }
        return created;
    }

    public IReadOnlyList<Product> List(string merchantId, string? afterProductId, int limit, string? category) =>
        All(merchantId)
            .Where(p => afterProductId is null || string.CompareOrdinal(p.ProductId, afterProductId) > 0)
            .Where(p => category is null || string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase))
            .Take(limit)
            .ToList();

    public IEnumerable<Product> All(string merchantId) =>
        _merchants.TryGetValue(merchantId, out var products) ? products.Values : [];

    public IReadOnlyList<string> MerchantIds() => [.. _merchants.Keys.Order(StringComparer.Ordinal)];

    public Product? Delete(string merchantId, string productId) =>
        _merchants.TryGetValue(merchantId, out var products) && products.Remove(productId, out var product) ? product : null;
}
