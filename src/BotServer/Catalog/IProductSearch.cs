namespace ChatCommerce.BotServer.Catalog;

public sealed record ProductQuery(
    string MerchantId,
    string Text,
    decimal? BudgetMin = null,
    decimal? BudgetMax = null,
    string? Category = null,
    string? Brand = null,
    bool InStockOnly = false,
    int Offset = 0,
    int Limit = 10);

public sealed record ProductHit(Product Product, double Score);

public sealed record ProductSearchResult(IReadOnlyList<ProductHit> Hits, int TotalCount);

/// <summary>What the index holds for one merchant, as of <see cref="Version"/> (see <see cref="IProductSearch.CatalogVersion"/>).</summary>
public sealed record IndexedCatalog(long Version, IReadOnlyCollection<Product> Products);

/// <summary>Ranked product retrieval; follows catalog writes at once.</summary>
public interface IProductSearch
{
    ProductSearchResult Search(ProductQuery query);

    void Index(IEnumerable<Product> products);

    void Remove(string merchantId, string productId);

    /// <summary>
    /// Changes with every write that may change what the merchant's products are called — a product
    /// added, removed, renamed or moved (see <see cref="CatalogNameReader"/>) — but not with stock or
    /// price changes; null for a merchant it has never seen. Cheap.
    /// </summary>
    long? CatalogVersion(string merchantId);

    /// <summary>The merchant's active products as the index holds them now, with their version; null for a merchant it has never seen.</summary>
    IndexedCatalog? Catalog(string merchantId);

    /// <summary>
    /// One active product as the index holds it, from memory; null when inactive or unknown. Its stock
    /// is exact at zero (the index follows every sell-out and refill) and may lag above zero.
    /// </summary>
    Product? Indexed(string merchantId, string productId);

    /// <summary>Builds the index from the store (at start).</summary>
    void Rebuild(IProductStore store);
}
