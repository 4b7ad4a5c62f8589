using System.Globalization;
using System.Text;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// Brands, categories and products named in a message, in the merchant's own catalog words
/// ("华为的充电宝" → brand "华为 Huawei", category "electronics"). The names come from
/// <see cref="ICatalogNames"/>; they are compiled into a <see cref="NameMatcher{T}"/> once per
/// catalog version and merchant, on the first message after a catalog change.
/// </summary>
public sealed class CatalogEntityExtractor(ICatalogNames? catalog)
{
    /// <summary>
    /// Names that are also everyday words ("keep", "coach", "美的", "石头", "gift"): they count only
    /// when something else in the message names a category they are sold in ("美的电饭锅", "coach bag").
    /// </summary>
    public static readonly IReadOnlySet<string> EverydayWords = new HashSet<string>(StringComparer.Ordinal)
    {
        // English words that are brands or aliases somewhere
        "keep", "dove", "grace", "coach", "mercury", "honor", "deli", "pandora", "ciao", "the beast", "to summer", "royal",
        "mac", "band", "pad", "scale", "cube", "mask", "globe", "container", "palette", "powder", "cream", "essence",
        "uno", "kt", "vc", "tea", "formula", "protein", "calendar", "boots", "dress", "mouse", "home", "health", "watch", "treat", "new year",
        "gift", "gifts", "present", "presents", "baby", "babies", "infant", "kid", "kids", "child", "children", "book", "books",
        // Chinese words that are brands or aliases somewhere
        "美的", "石头", "好孩子", "北面", "皇家", "天马", "美心", "渴望", "观夏", "得力", "90分", "花王", "小佩", "森宝", "英氏", "原则", "活着",
        "礼物", "礼品", "送礼", "孩子", "小孩", "儿童", "宝宝", "婴儿", "精华", "健身", "红包",
    };

    private readonly RebuiltPerMerchant<Compiled> _matchers = new();

    private sealed record Compiled(CatalogNames Names, NameMatcher<Named> Matcher);

    public IReadOnlyList<EntityMatch> Extract(string merchantId, string normalised, string original)
    {
        if (catalog?.For(merchantId) is not { } names)
        {
            return [];
        }
        return Extract(MatcherFor(merchantId, names), normalised, original);
    }

    // Compiling takes tens of ms for a large catalog: one caller compiles new names while the others use the last matcher.
    private NameMatcher<Named> MatcherFor(string merchantId, CatalogNames names) =>
        _matchers.Get(merchantId, known => ReferenceEquals(known.Names, names), () => new Compiled(names, Compile(names.Names)))!.Matcher;

    /// <summary>What one written name stands for after conflicts are settled; any part may be missing.</summary>
    internal sealed record Named(string? Brand, IReadOnlySet<string> BrandCategories, string? Category, NamedProduct? Product, bool Everyday);

    internal sealed record NamedProduct(string Id, string Brand, string Category);

    internal static NameMatcher<Named> Compile(IReadOnlyList<CatalogName> names)
    {
        var bySurface = new Dictionary<string, List<CatalogName>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            foreach (var surface in Surfaces(name))
            {
                if (!bySurface.TryGetValue(surface, out var list))
                {
                    bySurface[surface] = list = [];
                }
                list.Add(name);
            }
        }
        return new NameMatcher<Named>(bySurface
            .Select(pair => KeyValuePair.Create(pair.Key, Settle(pair.Key, pair.Value)))
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value!)));
    }

    /// <summary>
    /// One value per type or none (a word two brands share names neither). A brand's name is only
    /// the brand ("乐高" is not also the LEGO product); a name several products share, or a generic
    /// category word ("面霜"), is a category word, not a product.
    /// </summary>
    private static Named? Settle(string surface, List<CatalogName> names)
    {
        string? Single(string type) =>
            names.Where(n => n.Type == type).Select(n => n.Value).Distinct(StringComparer.Ordinal).ToList() is [var only] ? only : null;

        var brand = Single(CatalogNameTypes.Brand);
        var category = brand is null ? Single(CatalogNameTypes.Category) : null;
        var generic = names.Any(n => n.Type == CatalogNameTypes.Category && !n.FromAlias);
        var productId = brand is null && !generic ? Single(CatalogNameTypes.Product) : null;
        var product = productId is null ? null : names.First(n => n.Type == CatalogNameTypes.Product && n.Value == productId);
        if (brand is null && category is null && product is null)
        {
            return null;
        }
        var brandCategories = names.Where(n => n.Type == CatalogNameTypes.Brand).Select(n => n.Category).ToHashSet(StringComparer.Ordinal);
        return new Named(brand, brandCategories, category,
            product is null ? null : new NamedProduct(product.Value, product.Brand, product.Category),
            EverydayWords.Contains(surface));
    }

    /// <summary>The name as the parser's normaliser writes it, plus plurals and the spelling without accents.</summary>
    private static IEnumerable<string> Surfaces(CatalogName name)
    {
        var text = string.Join(' ', TextNormalizer.Normalize(name.Text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var forms = new HashSet<string>(StringComparer.Ordinal) { text, WithoutAccents(text) };
        if (name.Type == CatalogNameTypes.Category)
        {
            forms.UnionWith(forms.SelectMany(EnglishNumber).ToList());
        }
        return forms.Where(IsNameLike);
    }

    /// <summary>Two characters at least, and not a bare number ("53" would be every price).</summary>
    private static bool IsNameLike(string text) =>
        text.Length >= 2 && !text.All(c => char.IsAsciiDigit(c) || c is '.' or ' ');

    /// <summary>"laptop" ↔ "laptops", "accessory" ↔ "accessories", for the last word of a Latin name.</summary>
    private static IEnumerable<string> EnglishNumber(string text)
    {
        if (text.Length < 3 || !char.IsAsciiLetterLower(text[^1]) || TextTokens.HasCjk(text))
        {
            yield break;
        }
        if (text.EndsWith("ies", StringComparison.Ordinal))
        {
            yield return text[..^3] + "y";
        }
        else if (text.EndsWith("ses", StringComparison.Ordinal) || text.EndsWith("xes", StringComparison.Ordinal) || text.EndsWith("ches", StringComparison.Ordinal) || text.EndsWith("shes", StringComparison.Ordinal))
        {
            yield return text[..^2];
        }
        else if (text[^1] == 's' && text[^2] != 's')
        {
            yield return text[..^1];
        }
        else if (text[^1] == 'y' && !"aeiou".Contains(text[^2]))
        {
            yield return text[..^1] + "ies";
        }
        else if (text[^1] is 's' or 'x' or 'h')
        {
            yield return text + "es";
        }
        else
        {
            yield return text + "s";
        }
    }

    private static string WithoutAccents(string text)
    {
        // Only accented Latin letters (U+00C0–U+024F) decompose into a letter and a mark worth dropping.
        if (!text.Any(c => c is >= '\u00C0' and <= '\u024F'))
        {
            return text;
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray();
        var result = new string(kept).Normalize(NormalizationForm.FormC);
        // Offsets must map back one to one; a decomposition that changes the length is not used.
        return result.Length == text.Length ? result : text;
    }

    private static IReadOnlyList<EntityMatch> Extract(NameMatcher<Named> matcher, string normalised, string original)
    {
        var found = new List<(EntityMatch Entity, bool Everyday, IReadOnlySet<string> SoldIn)>();
        foreach (var (start, end, named) in matcher.Matches(normalised))
        {
            var text = original[start..end];
            EntityMatch At(string type, string value) => new(type, value, text, start, end);
            if (named.Brand is { } brand)
            {
                found.Add((At(CatalogNameTypes.Brand, brand), named.Everyday, named.BrandCategories));
            }
            if (named.Product is { } product)
            {
                var soldIn = new HashSet<string>(StringComparer.Ordinal) { product.Category };
                found.Add((At(CatalogNameTypes.Product, product.Id), named.Everyday, soldIn));
                if (product.Brand.Length > 0)
                {
                    found.Add((At(CatalogNameTypes.Brand, product.Brand), named.Everyday, soldIn));
                }
                if (product.Category.Length > 0)
                {
                    found.Add((At(CatalogNameTypes.Category, product.Category), named.Everyday, soldIn));
                }
            }
            else if (named.Category is { } category)
            {
                found.Add((At(CatalogNameTypes.Category, category), named.Everyday, new HashSet<string>(StringComparer.Ordinal) { category }));
            }
        }
        if (found.Count == 0)
        {
            return [];
        }
        // Everyday words stand only beside a plain name of something sold in the same category.
        var plainCategories = found.Where(f => !f.Everyday).SelectMany(f => f.SoldIn).ToHashSet(StringComparer.Ordinal);
        return found
            .Where(f => !f.Everyday || f.SoldIn.Overlaps(plainCategories))
            .Select(f => f.Entity)
            .DistinctBy(e => (e.Type, e.Value))
            .ToList();
    }
}
