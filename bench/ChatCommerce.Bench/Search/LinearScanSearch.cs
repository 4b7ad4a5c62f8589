using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.Bench.Search;

/// <summary>
/// The baseline: no index. Each search tokenises the query (<see cref="TextTokens.Of"/>), scans every
/// product of the merchant, applies the filters, scores by how many distinct query tokens the
/// product has, and keeps the best page (ties: more sales, then product id). Product tokens are
/// worked out once when a product is indexed — as any implementation would — so the scan measures
/// matching, not tokenising.
/// </summary>
public sealed class LinearScanSearch : IProductSearch
{
    private static readonly Comparer<Ranked> BestFirst = Comparer<Ranked>.Create((a, b) =>
    {
        var byScore = b.Overlap.CompareTo(a.Overlap);
        if (byScore != 0)
        {
            return byScore;
        }
        var bySales = b.Product.SalesCount.CompareTo(a.Product.SalesCount);
        return bySales != 0 ? bySales : string.CompareOrdinal(a.Product.ProductId, b.Product.ProductId);
    });

    // Token strings to small ids, shared by all products, so each product holds a sorted int[].
    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Entry>> _merchants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry[]> _snapshots = new(StringComparer.Ordinal);

    // One counter for all merchants: a write anywhere makes every merchant's catalog look changed, which is only slower.
    private long _version;

    public ProductSearchResult Search(ProductQuery query)
    {
        if (!_merchants.ContainsKey(query.MerchantId))
        {
            return new ProductSearchResult([], 0);
        }
        var entries = Snapshot(query.MerchantId);
        var queryTokens = TextTokens.Of(query.Text)
            .Distinct(StringComparer.Ordinal)
            .Select(t => _tokenIds.GetValueOrDefault(t, -1))
            .ToArray();
        var anyText = queryTokens.Length > 0;

        // The worst of the best `keep` so far sits on top of the heap, ready to be replaced.
        var keep = Math.Max(0, query.Offset) + Math.Max(1, query.Limit);
        var best = new PriorityQueue<Ranked, Ranked>(keep + 1, Comparer<Ranked>.Create((a, b) => BestFirst.Compare(b, a)));
        var total = 0;
        foreach (var entry in entries)
        {
            if (!Passes(entry.Product, query))
            {
                continue;
            }
            var overlap = 0;
            foreach (var token in queryTokens)
            {
                if (token >= 0 && Array.BinarySearch(entry.TokenIds, token) >= 0)
                {
                    overlap++;
                }
            }
            if (anyText && overlap == 0)
            {
                continue;
            }
            total++;
            var ranked = new Ranked(entry.Product, overlap);
            if (best.Count < keep)
            {
                best.Enqueue(ranked, ranked);
            }
            else if (BestFirst.Compare(ranked, best.Peek()) < 0)
            {
                best.EnqueueDequeue(ranked, ranked);
            }
        }
        var page = best.UnorderedItems.Select(i => i.Element).Order(BestFirst)
            .Skip(Math.Max(0, query.Offset))
            .Select(r => new ProductHit(r.Product, r.Overlap))
            .ToList();
        return new ProductSearchResult(page, total);
    }

    public void Index(IEnumerable<Product> products)
    {
        foreach (var product in products)
        {
            if (!_merchants.TryGetValue(product.MerchantId, out var merchant))
            {
                merchant = new Dictionary<string, Entry>(StringComparer.Ordinal);
                _merchants.Add(product.MerchantId, merchant);
            }
            merchant[product.ProductId] = new Entry(product, TokenIds(product));
            _snapshots.Remove(product.MerchantId);
        }
        _version++;
    }

    public void Remove(string merchantId, string productId)
    {
        if (_merchants.TryGetValue(merchantId, out var merchant) && merchant.Remove(productId))
        {
            _snapshots.Remove(merchantId);
            _version++;
        }
    }

    public long? CatalogVersion(string merchantId) => _merchants.ContainsKey(merchantId) ? _version : null;

    public Product? Indexed(string merchantId, string productId) =>
        _merchants.TryGetValue(merchantId, out var merchant) && merchant.TryGetValue(productId, out var entry) && entry.Product.Active ? entry.Product : null;

    public IndexedCatalog? Catalog(string merchantId) =>
        _merchants.ContainsKey(merchantId) ? new IndexedCatalog(_version, Snapshot(merchantId).Select(e => e.Product).Where(p => p.Active).ToList()) : null;

    public void Rebuild(IProductStore store)
    {
        foreach (var merchantId in store.MerchantIds())
        {
            Index(store.All(merchantId));
        }
    }

    /// <summary>The filters of a <see cref="ProductQuery"/>: active products, an inclusive budget on the price or the best group price, the top-level category, the brand (case-insensitive), stock.</summary>
    private static bool Passes(Product product, ProductQuery query) =>
        product.Active
        && (query.BudgetMin is null || product.Price >= query.BudgetMin || product.BestGroupPrice >= query.BudgetMin)
        && (query.BudgetMax is null || product.Price <= query.BudgetMax || product.BestGroupPrice <= query.BudgetMax)
        && (string.IsNullOrEmpty(query.Category) || string.Equals(product.Category, query.Category, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Brand) || product.Brand.Contains(query.Brand, StringComparison.OrdinalIgnoreCase))
        && (!query.InStockOnly || product.Stock > 0);

    private Entry[] Snapshot(string merchantId)
    {
        if (!_snapshots.TryGetValue(merchantId, out var snapshot))
        {
            snapshot = [.. _merchants[merchantId].Values];
            _snapshots[merchantId] = snapshot;
        }
        return snapshot;
    }

    private int[] TokenIds(Product product)
    {
        IEnumerable<string?> texts =
        [
            product.Title, product.TitleZh, product.TitleEn, product.Brand, product.Description,
            .. product.CategoryPath, .. product.Tags, .. product.Aliases,
            .. product.Attributes.SelectMany(a => new[] { a.Key, a.Value }),
        ];
        var ids = new SortedSet<int>();
        foreach (var token in texts.SelectMany(TextTokens.Of))
        {
            if (!_tokenIds.TryGetValue(token, out var id))
            {
                id = _tokenIds.Count;
                _tokenIds.Add(token, id);
            }
            ids.Add(id);
        }
        return [.. ids];
    }

    private sealed record Entry(Product Product, int[] TokenIds);

    private readonly record struct Ranked(Product Product, int Overlap);
}
