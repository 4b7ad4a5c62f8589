using System.Text.RegularExpressions;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>Field names of the product index, how much a match in each counts, and the filter terms.</summary>
public static class ProductFields
{
    /// <summary>Product id: the term that upserts and deletes replace (also kept as doc values, <see cref="IdValue"/>).</summary>
    public const string Id = "id";

    /// <summary>Titles (zh, en, display) and aliases: what the product is called.</summary>
    public const string Name = "name";

    public const string Brand = "brand";

    /// <summary>Category path elements and tags.</summary>
    public const string Category = "category";

    /// <summary>Attribute values, with units from their keys; keys of yes/no attributes that are yes.</summary>
    public const string Attributes = "attr";

    public const string Description = "desc";

    /// <summary>
    /// Exact filter terms, one per line: "b:" brand keys, "c:" category path elements, "s:1" in stock.
    /// One field rather than one per kind, because Lucene.Net pays per field instance when indexing.
    /// </summary>
    public const string Filters = "filter";

    /// <summary>Price in cents, doc values (read per candidate by <see cref="ProductFilter"/>).</summary>
    public const string Price = "price_cents";

    /// <summary>Best group price in cents, or <see cref="ProductFilter.NoPrice"/>.</summary>
    public const string GroupPrice = "group_price_cents";

    public const string Sales = "sales";

    /// <summary>Product id as doc values: the way back from a hit to the product, without stored fields.</summary>
    public const string IdValue = "id_value";

    /// <summary>The searched text fields with their boosts.</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> Searched =
    [
        (Name, 3.0f),
        (Brand, 2.5f),
        (Category, 2.0f),
        (Attributes, 2.0f),
        (Description, 0.5f),
    ];

    /// <summary>Fields where a misspelt word may still match (descriptions are too noisy for that).</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> Fuzzy = Searched.Where(f => f.Field != Description).ToList();

    private static readonly char[] BrandSeparators = [' ', '(', ')', '[', ']', '/', '|', ',', '、', '·', '-'];
    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(" \t\r\n\f\v\u00A0\u2028\u2029\u3000");

    public static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    public static Term BrandTerm(string key) => new(Filters, "b:" + key);

    public static Term CategoryTerm(string key) => new(Filters, "c:" + key);

    public static Term InStockTerm { get; } = new(Filters, "s:1");

    /// <summary>"索尼 Sony" → "索尼 sony", "索尼", "sony": a brand filter may name the brand in either language.</summary>
    public static IEnumerable<string> BrandKeys(string brand)
    {
        var full = Key(brand);
        if (full.Length == 0)
        {
            yield break;
        }
        yield return full;
        foreach (var part in full.Split(BrandSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part != full)
            {
                yield return part;
            }
        }
    }

    /// <summary>Normalised (full-width folded, lower case), trimmed, inner spaces collapsed: how filter values are compared.</summary>
    public static string Key(string? value)
    {
        var normalized = SearchText.Normalize(value);
        return normalized.AsSpan().ContainsAny(Whitespace) ? string.Join(' ', normalized.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : normalized.Trim();
    }
}

/// <summary>Turns a product into its index document.</summary>
public static class ProductDocument
{
    /// <summary>Searched text: frequencies and norms for BM25, no positions (no phrase queries), so a quicker build.</summary>
    private static readonly FieldType SearchedTextType = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS });

    /// <summary>Filter terms only say yes or no.</summary>
    private static readonly FieldType FilterType = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true });
    private static readonly Regex BareNumber = new(@"^\s*\d+(?:\.\d+)?\s*$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex KeyUnit = new(@"\(\s*([^()]+?)\s*\)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static Document Create(Product product)
    {
        var document = new Document
        {
            new StringField(ProductFields.Id, product.ProductId, Field.Store.NO),
            new BinaryDocValuesField(ProductFields.IdValue, new BytesRef(product.ProductId)),
            new NumericDocValuesField(ProductFields.Sales, product.SalesCount),
            new NumericDocValuesField(ProductFields.Price, ProductFields.Cents(product.Price)),
            new NumericDocValuesField(ProductFields.GroupPrice, product.BestGroupPrice is { } groupPrice ? ProductFields.Cents(groupPrice) : ProductFilter.NoPrice),
        };
        var filters = ProductFields.BrandKeys(product.Brand).Select(k => ProductFields.BrandTerm(k).Text)
            .Concat(product.CategoryPath.Select(ProductFields.Key).Where(k => k.Length > 0).Select(k => ProductFields.CategoryTerm(k).Text));
        if (product.Stock > 0)
        {
            filters = filters.Append(ProductFields.InStockTerm.Text);
        }
        AddText(document, ProductFields.Filters, filters.Distinct(), FilterType, "\n");
        var names = new[] { product.Title, product.TitleZh, product.TitleEn }.Concat(product.Aliases);
        AddText(document, ProductFields.Name, names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase), SearchedTextType);
        AddText(document, ProductFields.Brand, [product.Brand], SearchedTextType);
        AddText(document, ProductFields.Category, product.CategoryPath.Concat(product.Tags), SearchedTextType);
        AddText(document, ProductFields.Attributes, product.Attributes.Select(a => AttributeText(a.Key, a.Value)), SearchedTextType);
        AddText(document, ProductFields.Description, [product.Description], SearchedTextType);
        return document;
    }

    /// <summary>The words a merchant's product teaches the Chinese segmenter.</summary>
    public static IEnumerable<string> UserWords(Product product) =>
        new[] { product.Title, product.TitleZh, product.Brand }
            .Concat(product.Aliases)
            .Concat(product.Tags)
            .Concat(product.CategoryPath)
            .Concat(product.Attributes.Values.Where(v => v.Length <= ChineseSegmenter.MaxUserWordLength));

    /// <summary>
    /// {"座位数": "7"} → "7 seat"; {"发动机排量(L)": "1.5"} → "1.5 l"; {"倒车影像": "true"} → "倒车影像";
    /// {"座椅加热": "false"} → nothing; anything else → the value.
    /// </summary>
    public static string AttributeText(string key, string value)
    {
        var trimmed = value.Trim();
        if (SearchVocabulary.TrueValues.Contains(trimmed))
        {
            return key.Replace('_', ' ');
        }
        if (SearchVocabulary.FalseValues.Contains(trimmed))
        {
            return "";
        }
        if (!BareNumber.IsMatch(trimmed))
        {
            return trimmed;
        }
        var normalizedKey = SearchText.Normalize(key);
        if (KeyUnit.Match(normalizedKey) is { Success: true } unit && SearchVocabulary.Units.ContainsKey(unit.Groups[1].Value))
        {
            return $"{trimmed} {unit.Groups[1].Value}";
        }
        foreach (var (keyPart, unitName) in SearchVocabulary.AttributeKeyUnits)
        {
            if (normalizedKey.Contains(keyPart, StringComparison.Ordinal))
            {
                return $"{trimmed} {unitName}";
            }
        }
        return trimmed;
    }

    /// <summary>
    /// One field value for all of a field's texts: Lucene.Net pays per field instance. The
    /// separator " | " stops measures, joined words and bigrams from reaching across two texts.
    /// </summary>
    private static void AddText(Document document, string field, IEnumerable<string> values, FieldType type, string separator = " | ")
    {
        var text = string.Join(separator, values.Where(v => !string.IsNullOrWhiteSpace(v)));
        if (text.Length > 0)
        {
            document.Add(new Field(field, text, type));
        }
    }

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
