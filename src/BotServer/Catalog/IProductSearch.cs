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

/// <summary>What the index holds for one merchant; <see cref="Version"/> changes with every write.</summary>
public sealed record IndexedCatalog(long Version, IReadOnlyCollection<Product> Products);

/// <summary>Ranked product retrieval; follows catalog writes at once.</summary>
public interface IProductSearch
{
    ProductSearchResult Search(ProductQuery query);

    void Index(IEnumerable<Product> products);

    void Remove(string merchantId, string productId);

    /// <summary>Changes with every write to the merchant's index; null for a merchant it has never seen. Cheap.</summary>
    long? CatalogVersion(string merchantId);

    /// <summary>The merchant's active products as the index holds them now, with their version; null for a merchant it has never seen.</summary>
    IndexedCatalog? Catalog(string merchantId);

    /// <summary>Builds the index from the store (at start).</summary>
    void Rebuild(IProductStore store);
}
