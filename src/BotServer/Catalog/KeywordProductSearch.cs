using System.Collections.Concurrent;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>
/// A first, in-memory keyword search: field-weighted token matches scaled by inverse document
/// frequency, popularity as a tie-break. Query filler words ("推荐", "recommend") are ignored.
/// </summary>
public sealed class KeywordProductSearch : IProductSearch
{
    private static readonly (Func<Product, IEnumerable<string?>> Field, double Weight)[] Fields =
    [
        (p => [p.Title, p.TitleZh, p.TitleEn], 3.0),
        (p => p.Aliases, 3.0),
        (p => [p.Brand], 2.5),
        (p => p.CategoryPath, 2.0),
        (p => p.Tags, 2.0),
        (p => p.Attributes.Select(a => a.Key + " " + a.Value), 1.5),
        (p => [p.Description], 0.5),
    ];

    private static readonly string[] FillerPhrases =
    [
        "有没有", "有什么", "有啥", "求推荐", "推荐一下", "推荐", "推荐下", "帮我找", "我想买", "想买", "一款", "一个", "一些",
        "什么", "好用", "好的", "吗", "呢", "吧", "啊", "的", "请问", "给我", "看看", "求", "找",
        "recommend", "suggest", "looking for", "show me", "find me", "find", "i want", "i need", "want", "need",
        "some", "any", "good", "please", "a ", "an ", "the ", "for me",
    ];

    private readonly ConcurrentDictionary<string, MerchantIndex> _merchants = new(StringComparer.Ordinal);

    public void Rebuild(IProductStore store)
    {
        foreach (var merchantId in store.MerchantIds())
        {
            Index(store.All(merchantId).ToList());
        }
    }

    public void Index(IEnumerable<Product> products)
    {
        foreach (var group in products.GroupBy(p => p.MerchantId))
        {
            var index = _merchants.GetOrAdd(group.Key, _ => new MerchantIndex());
            index.Put(group.Select(p => new Entry(p, TokenWeights(p))).ToList());
        }
    }

    public void Remove(string merchantId, string productId)
    {
        if (_merchants.TryGetValue(merchantId, out var index))
        {
            index.Remove(productId);
        }
    }

    public ProductSearchResult Search(ProductQuery query)
    {
        if (!_merchants.TryGetValue(query.MerchantId, out var index))
        {
            return new ProductSearchResult([], 0);
        }
        var entries = index.Snapshot();
        var candidates = entries.Where(e => Passes(e.Product, query));
        var queryTokens = TextTokens.Of(StripFiller(query.Text)).Distinct().ToArray();
        List<ProductHit> hits;
        if (queryTokens.Length == 0)
        {
            hits = candidates.Select(e => new ProductHit(e.Product, Popularity(e.Product))).ToList();
        }
        else
        {
            var documentFrequency = queryTokens.ToDictionary(t => t, t => entries.Count(e => e.Tokens.ContainsKey(t)));
            hits = [];
            foreach (var entry in candidates)
            {
                var score = 0.0;
                foreach (var token in queryTokens)
                {
                    if (entry.Tokens.TryGetValue(token, out var weight))
                    {
                        score += weight * Math.Log(1.0 + (entries.Count + 1.0) / (documentFrequency[token] + 0.5));
                    }
                }
                if (score > 0)
                {
                    hits.Add(new ProductHit(entry.Product, score + Popularity(entry.Product)));
                }
            }
        }
        var ranked = hits.OrderByDescending(h => h.Score).ThenBy(h => h.Product.ProductId, StringComparer.Ordinal).ToList();
        return new ProductSearchResult(ranked.Skip(query.Offset).Take(query.Limit).ToList(), ranked.Count);
    }

    private static double Popularity(Product product) => 0.01 * Math.Log(2 + product.SalesCount);

    private static bool Passes(Product product, ProductQuery query) =>
        product.Active
        && (query.BudgetMin is null || product.Price >= query.BudgetMin || product.BestGroupPrice >= query.BudgetMin)
        && (query.BudgetMax is null || product.Price <= query.BudgetMax || product.BestGroupPrice <= query.BudgetMax)
        && (string.IsNullOrEmpty(query.Category) || string.Equals(product.Category, query.Category, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Brand) || product.Brand.Contains(query.Brand, StringComparison.OrdinalIgnoreCase))
        && (!query.InStockOnly || product.Stock > 0);

    private static string StripFiller(string text)
    {
        var folded = TextTokens.Fold(text) + " ";
        foreach (var phrase in FillerPhrases)
        {
            folded = folded.Replace(phrase, " ", StringComparison.Ordinal);
        }
        return folded;
    }

    private static Dictionary<string, double> TokenWeights(Product product)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (field, weight) in Fields)
        {
            foreach (var value in field(product))
            {
                foreach (var token in TextTokens.Of(value))
                {
                    if (!weights.TryGetValue(token, out var existing) || existing < weight)
                    {
                        weights[token] = weight;
                    }
                }
            }
        }
        return weights;
    }

    private sealed record Entry(Product Product, Dictionary<string, double> Tokens);

    /// <summary>Copy-on-write so searches never lock against writers.</summary>
    private sealed class MerchantIndex
    {
        private readonly Lock _gate = new();
        private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private IReadOnlyList<Entry>? _snapshot;

        public void Put(IReadOnlyList<Entry> entries)
        {
            lock (_gate)
            {
                var copy = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    copy[entry.Product.ProductId] = entry;
                }
                _entries = copy;
                _snapshot = null;
            }
        }

        public void Remove(string productId)
        {
            lock (_gate)
            {
                var copy = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
                if (copy.Remove(productId))
                {
                    _entries = copy;
                    _snapshot = null;
                }
            }
        }

        public IReadOnlyList<Entry> Snapshot()
        {
            lock (_gate)
            {
                return _snapshot ??= _entries.Values.ToArray();
            }
        }
    }
}
