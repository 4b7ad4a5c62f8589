using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Catalog.Search;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>The entity types a catalog name stands for, as the contract spells them.</summary>
public static class CatalogNameTypes
{
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Product = "product";
}

/// <summary>
/// One way a merchant's catalog names something: a brand ("华为" for "华为 Huawei"), a category
/// (top-level id, named by its ids and the products' aliases), or one product (by title or model).
/// <see cref="Category"/> is the category the thing is sold in; <see cref="Brand"/> is a product's brand.
/// A category word that only some product's alias gives (<see cref="FromAlias"/>) may also be that
/// product's own name ("小黑瓶"); one from the category ids or the category words is generic ("面霜").
/// </summary>
public sealed record CatalogName(string Type, string Value, string Text, string Category, string Brand = "", bool FromAlias = false);

/// <summary>A merchant's names as of one catalog version: the same instance until the catalog changes.</summary>
public sealed record CatalogNames(long Version, IReadOnlyList<CatalogName> Names);

/// <summary>What the chat may call things in a merchant's catalog; null for a merchant without one.</summary>
public interface ICatalogNames
{
    CatalogNames? For(string merchantId);
}

/// <summary>
/// Names read from what the search index holds, so they follow catalog writes exactly as search
/// does; re-read on the first call after a write that may rename something (about 5 ms for the
/// 203-product demo catalog) — stock and price changes keep them. One caller re-reads while the
/// others go on with the names they had.
/// </summary>
public sealed class IndexedCatalogNames(IProductSearch search) : ICatalogNames
{
    private readonly RebuiltPerMerchant<CatalogNames> _names = new();

    public CatalogNames? For(string merchantId) =>
        string.IsNullOrEmpty(merchantId)
            ? null
            : _names.Get(merchantId,
                known => search.CatalogVersion(merchantId) == known.Version,
                () => search.Catalog(merchantId) is { } catalog ? new CatalogNames(catalog.Version, CatalogNameReader.Read(catalog.Products)) : null);
}

/// <summary>
/// Derives names from products: brand strings split into their Chinese and Latin forms, category
/// ids and path names plus the aliases products carry (an alias says what kind of thing it is),
/// widened with the search synonyms, and product titles, the model names inside Chinese titles
/// and 《book titles》. Duplicates and conflicts are left to the reader of the names.
/// </summary>
public static partial class CatalogNameReader
{
    /// <summary>Longer names are sentences, not names anyone types.</summary>
    public const int MaxNameLength = 60;

    private static readonly Dictionary<string, string[]> SynonymGroups = SearchVocabulary.Synonyms
        .SelectMany(group => group.Select(word => (Key: Key(word), Group: group)))
        .GroupBy(x => x.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.SelectMany(x => x.Group).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    public static IReadOnlyList<CatalogName> Read(IEnumerable<Product> products)
    {
        var names = new List<CatalogName>();
        foreach (var product in products.Where(p => p.Active))
        {
            var category = product.Category.Trim();
            var brand = product.Brand.Trim();
            var brandForms = BrandForms(brand).ToList();
            foreach (var form in brandForms)
            {
                names.Add(new CatalogName(CatalogNameTypes.Brand, brand, form, category));
            }
            if (category.Length > 0)
            {
                var pathNames = WithSynonyms(product.CategoryPath.Select(IdWords)).ToList();
                var generic = WithSynonyms(pathNames.Concat(CategoryWords.For(product.CategoryPath)).Concat(CategoryWords.ForNames(pathNames)))
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var word in generic)
                {
                    names.Add(new CatalogName(CatalogNameTypes.Category, category, word, category));
                }
                foreach (var word in WithSynonyms(product.Aliases).Where(w => !generic.Contains(w)))
                {
                    names.Add(new CatalogName(CatalogNameTypes.Category, category, word, category, FromAlias: true));
                }
            }
            foreach (var form in ProductForms(product, brandForms))
            {
                names.Add(new CatalogName(CatalogNameTypes.Product, product.ProductId, form, category, brand));
            }
        }
        // Products of one category repeat its words; one copy each is enough.
        return names.Where(n => n.Text.Length is > 0 and <= MaxNameLength).Distinct().ToList();
    }

    /// <summary>"北面 The North Face" → itself, "北面", "the north face", "north face"; plus synonyms ("联想" ↔ "lenovo").</summary>
    public static IEnumerable<string> BrandForms(string brand)
    {
        if (brand.Length == 0)
        {
            return [];
        }
        var forms = new List<string> { brand };
        foreach (var run in Runs(brand))
        {
            forms.Add(run);
            if (run.StartsWith("the ", StringComparison.OrdinalIgnoreCase) && run.Length > 4)
            {
                forms.Add(run[4..]);
            }
        }
        return WithSynonyms(forms);
    }

    /// <summary>"power-banks" → "power banks".</summary>
    private static string IdWords(string id) => id.Replace('-', ' ').Replace('_', ' ').Trim();

    private static IEnumerable<string> ProductForms(Product product, IReadOnlyList<string> brandForms)
    {
        var brandKeys = brandForms.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var title in new[] { product.Title, product.TitleZh, product.TitleEn })
        {
            yield return title.Trim();
            if (!TextTokens.HasCjk(title))
            {
                continue;
            }
            foreach (Match book in BookTitle().Matches(title))
            {
                yield return book.Groups[1].Value;
            }
            // "小米 Redmi Buds 6 降噪蓝牙耳机": "Redmi Buds 6" is what people call it.
            foreach (var run in Runs(title).Where(r => !TextTokens.HasCjk(r)))
            {
                var words = run.Split(' ');
                var skip = Enumerable.Range(0, words.Length + 1).LastOrDefault(n => brandKeys.Contains(Key(string.Join(' ', words.Take(n)))));
                var model = string.Join(' ', words.Skip(skip));
                if (IsModelName(model))
                {
                    yield return model;
                }
            }
        }
        foreach (var alias in product.Aliases)
        {
            yield return alias.Trim();
        }
    }

    /// <summary>A model name has letters and either a digit or two words: "W820NB", "Buds 6", not "Air" or "500ml".</summary>
    private static bool IsModelName(string text) =>
        text.Count(char.IsAsciiLetter) >= 2 && (text.Any(char.IsAsciiDigit) || text.Contains(' ')) && !Measure().IsMatch(text);

    /// <summary>Whitespace-separated tokens grouped into maximal runs of Chinese-bearing and of other tokens.</summary>
    private static IEnumerable<string> Runs(string text)
    {
        var run = new List<string>();
        bool? chinese = null;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var isChinese = TextTokens.HasCjk(token);
            if (chinese is { } current && current != isChinese)
            {
                yield return string.Join(' ', run);
                run.Clear();
            }
            chinese = isChinese;
            run.Add(token);
        }
        if (run.Count > 0)
        {
            yield return string.Join(' ', run);
        }
    }

    private static IEnumerable<string> WithSynonyms(IEnumerable<string> words)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Select(w => w.Trim()).Where(w => w.Length > 0))
        {
            all.Add(word);
            if (SynonymGroups.TryGetValue(Key(word), out var group))
            {
                all.UnionWith(group);
            }
        }
        return all;
    }

    private static string Key(string text) => ProductFields.Key(text);

    [GeneratedRegex(@"《([^》]{2,30})》")]
    private static partial Regex BookTitle();

    [GeneratedRegex(@"^[#\d.,:*x×%-]+[a-z]{0,3}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Measure();
}
