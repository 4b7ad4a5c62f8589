using System.Globalization;
using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Demo;

namespace ChatCommerce.Bench.Search;

/// <summary>
/// Deterministic catalogs of any size built from the demo catalog's vocabulary: each product starts
/// from a demo product (its category, nouns, tags, aliases and attribute keys) and varies brand
/// (within the category), model and edition, attribute values, price, stock and sales. The same
/// seed always gives the same products, so runs on different days measure the same catalog.
/// </summary>
public sealed partial class CatalogGenerator
{
    public const string Merchant = "bench-shop";

    /// <summary>Holds a tenth as many products again, with the same vocabulary, so a search that forgets the tenant shows.</summary>
    public const string OtherMerchant = "bench-other";

    public const int Seed = 20_261_128;

    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Edition[] Editions =
    [
        new("Pro", "Pro", 1.3), new("Max", "Max", 1.5), new("Plus", "Plus", 1.15), new("青春版", "Lite", 0.8),
        new("2025款", "2025 edition", 1.05), new("2026新款", "2026 model", 1.1), new("升级款", "upgraded", 1.1),
        new("旗舰款", "flagship", 1.6), new("经典款", "classic", 0.95), new("限定款", "limited edition", 1.25),
        new("礼盒装", "gift box", 1.2), new("家庭装", "family pack", 1.4), new("二代", "Gen 2", 1.1), new("mini", "mini", 0.75),
        new("轻薄款", "slim", 1.0), new("加厚款", "thick", 1.05), new("学生款", "student edition", 0.85), new("国潮款", "guochao edition", 1.05),
    ];

    private static readonly string[] Memory = ["4GB", "6GB", "8GB", "12GB", "16GB", "24GB", "32GB"];
    private static readonly string[] Storage = ["64GB", "128GB", "256GB", "512GB", "1TB", "2TB"];
    private static readonly double[] PhoneScreens = [6.1, 6.3, 6.67, 6.7, 6.8, 6.9];
    private static readonly double[] TabletScreens = [8.3, 10.9, 11, 11.5, 12.4];
    private static readonly double[] LaptopScreens = [13.3, 13.6, 14, 14.5, 15.6, 16];

    /// <summary>Attribute values that are amounts, so scaling their number stays plausible (2L, 4L; 400g, 800g).</summary>
    private static readonly HashSet<string> ScalableKeys = ["容量", "重量", "规格", "数量", "件数", "续航", "功率", "颗粒数", "册数"];

    private readonly IReadOnlyList<Product> _templates;
    private readonly Dictionary<string, string[]> _brandsByCategory;
    private readonly Dictionary<string, string[]> _tagsBySubcategory;
    private readonly Dictionary<string, string[]> _aliasesBySubcategory;
    private readonly Dictionary<(string Subcategory, string Key), string[]> _valuesBySubcategory;
    private readonly string[] _colours;

    public CatalogGenerator(IReadOnlyList<Product> templates)
    {
        if (templates.Count == 0)
        {
            throw new ArgumentException("The generator needs at least one template product.", nameof(templates));
        }
        _templates = templates;
        _brandsByCategory = Pools(templates, p => p.Category, p => [p.Brand]);
        _tagsBySubcategory = Pools(templates, Subcategory, p => p.Tags);
        _aliasesBySubcategory = Pools(templates, Subcategory, p => p.Aliases);
        _valuesBySubcategory = templates
            .SelectMany(p => p.Attributes.Select(a => (Key: (Subcategory(p), a.Key), a.Value)))
            .GroupBy(a => a.Key)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Value).Distinct().ToArray());
        _colours = [.. templates.Select(p => p.Attributes.GetValueOrDefault("颜色")).OfType<string>().Distinct()];
    }

    /// <summary>The demo catalog (src/BotServer/Demo/demo-catalog.json, copied next to the bench) as templates.</summary>
    public static CatalogGenerator FromDemoCatalog() => new(DemoSeeder.LoadCatalog(DemoSeeder.CatalogPath));

    public int TemplateCount => _templates.Count;

    /// <summary><paramref name="size"/> products for <see cref="Merchant"/> and a tenth of that for <see cref="OtherMerchant"/>.</summary>
    public IReadOnlyList<Product> Generate(int size)
    {
        var random = new Random(Seed);
        var products = new List<Product>(size + size / 10);
        for (var i = 0; i < size; i++)
        {
            products.Add(Make(random, Merchant, i));
        }
        for (var i = 0; i < size / 10; i++)
        {
            products.Add(Make(random, OtherMerchant, i));
        }
        return products;
    }

    private Product Make(Random random, string merchantId, int number)
    {
        var template = _templates[random.Next(_templates.Count)];
        var brand = template.Brand;
        var oldName = BrandName.Parse(template.Brand);
        // Only rebrand when the title names the brand; "米家 筋膜枪" under another maker would read wrong.
        if (random.NextDouble() < 0.35 && oldName.IsIn(template.TitleZh))
        {
            brand = Pick(random, _brandsByCategory[template.Category]);
        }
        var newName = BrandName.Parse(brand);
        var attributes = VaryAttributes(random, template);
        var model = random.NextDouble() < 0.4 ? $"{(char)('A' + random.Next(26))}{random.Next(1, 100)}" : null;
        var edition = random.NextDouble() < 0.7 ? Editions[random.Next(Editions.Length)] : Edition.None;
        var colour = random.NextDouble() < 0.3 ? attributes.GetValueOrDefault("颜色") : null;
        var titleZh = Words(newName.Rebrand(oldName, template.TitleZh), model, edition.Zh, colour);
        var titleEn = Words(newName.Rebrand(oldName, template.TitleEn), model, edition.En);
        var price = PriceNear(random, template.Price * (decimal)edition.PriceFactor);
        var productId = $"{template.ProductId}-{number:D6}";

        return new Product
        {
            Id = Product.StorageKey(merchantId, productId),
            MerchantId = merchantId,
            ProductId = productId,
            Title = titleZh,
            TitleZh = titleZh,
            TitleEn = titleEn,
            Description = newName.Rebrand(oldName, template.Description),
            Brand = brand,
            CategoryPath = [.. template.CategoryPath],
            Tags = [.. template.Tags.Concat(PickSome(random, _tagsBySubcategory[Subcategory(template)], random.Next(0, 3))).Distinct()],
            Aliases = [.. template.Aliases.Concat(PickSome(random, _aliasesBySubcategory[Subcategory(template)], random.NextDouble() < 0.3 ? 1 : 0)).Distinct()],
            Attributes = attributes,
            Currency = "CNY",
            Price = price,
            GroupPriceTiers = random.NextDouble() < 0.35
                ? [new() { MinTeamSize = 2, Price = Math.Round(price * 0.92m, 1) }, new() { MinTeamSize = 3, Price = Math.Round(price * 0.87m, 1) }]
                : [],
            Stock = random.NextDouble() < 0.06 ? 0 : random.Next(1, 3000),
            ImageUrl = $"https://img.example.com/bench/{productId}.jpg",
            Active = random.NextDouble() >= 0.03,
            SalesCount = (int)Math.Min(2_000_000, (template.SalesCount + 1) * LogNormal(random, 1.2)),
            UpdatedAt = Epoch.AddMinutes(-number),
        };
    }

    private Dictionary<string, string> VaryAttributes(Random random, Product template)
    {
        var attributes = new Dictionary<string, string>(template.Attributes.Count);
        foreach (var (key, value) in template.Attributes)
        {
            attributes[key] = key switch
            {
                "memory" => Pick(random, Memory),
                "storage" => Pick(random, Storage),
                "屏幕尺寸" => ScreenSize(random, value),
                "颜色" when random.NextDouble() < 0.7 => Pick(random, _colours),
                _ when random.NextDouble() < 0.5 && _valuesBySubcategory[(Subcategory(template), key)] is { Length: > 1 } pool => Pick(random, pool),
                _ when random.NextDouble() < 0.5 && ScalableKeys.Contains(key) => Scale(random, value),
                _ => value,
            };
        }
        return attributes;
    }

    private static string ScreenSize(Random random, string value)
    {
        var match = FirstNumber().Match(value);
        var inches = match.Success ? double.Parse(match.Value, CultureInfo.InvariantCulture) : 14;
        var sizes = inches switch
        {
            < 8 => PhoneScreens,
            < 13 => TabletScreens,
            _ => LaptopScreens,
        };
        return $"{Pick(random, sizes).ToString(CultureInfo.InvariantCulture)}英寸";
    }

    /// <summary>"500ml" → "1000ml" or "250ml"; "1.7L" → "0.9L".</summary>
    private static string Scale(Random random, string value)
    {
        var match = FirstNumber().Match(value);
        if (!match.Success)
        {
            return value;
        }
        var scaled = double.Parse(match.Value, CultureInfo.InvariantCulture) * Pick(random, [0.5, 0.75, 1.5, 2, 3]);
        var text = match.Value.Contains('.', StringComparison.Ordinal)
            ? scaled.ToString("0.#", CultureInfo.InvariantCulture)
            : Math.Max(1, Math.Round(scaled)).ToString(CultureInfo.InvariantCulture);
        return string.Concat(value.AsSpan(0, match.Index), text, value.AsSpan(match.Index + match.Length));
    }

    /// <summary>Shop-like prices between 9 and 20000 CNY: 58.9, 299, 1399.</summary>
    private static decimal PriceNear(Random random, decimal center)
    {
        var price = Math.Clamp((double)center * LogNormal(random, 0.35), 9, 20_000);
        var rounded = price switch
        {
            < 100 => Math.Round(price) - 0.1,
            < 1000 => Math.Round(price / 10) * 10 - 1,
            _ => Math.Round(price / 100) * 100 - 1,
        };
        return (decimal)Math.Clamp(rounded, 9, 20_000);
    }

    /// <summary>A factor around 1 with a long tail upwards (exp of a normal with the given sigma).</summary>
    private static double LogNormal(Random random, double sigma)
    {
        // Box–Muller.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(sigma * normal);
    }

    private static string Words(params string?[] words) => string.Join(' ', words.Where(w => !string.IsNullOrEmpty(w)));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static IEnumerable<string> PickSome(Random random, IReadOnlyList<string> items, int count) =>
        Enumerable.Range(0, count).Select(_ => Pick(random, items)).ToList();

    private static string Subcategory(Product product) => string.Join('/', product.CategoryPath);

    private static Dictionary<string, string[]> Pools(IEnumerable<Product> products, Func<Product, string> key, Func<Product, IEnumerable<string>> values) =>
        products.GroupBy(key).ToDictionary(g => g.Key, g => g.SelectMany(values).Distinct().ToArray());

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex FirstNumber();

    /// <summary>A model line's edition, in both languages, and what it does to the price.</summary>
    private sealed record Edition(string Zh, string En, double PriceFactor)
    {
        public static readonly Edition None = new("", "", 1.0);
    }

    /// <summary>A brand as the catalog writes it, "小米 Xiaomi": the Chinese and the latin name.</summary>
    private sealed record BrandName(string Zh, string En)
    {
        public static BrandName Parse(string brand)
        {
            var words = brand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new BrandName(
                string.Join(' ', words.Where(TextTokens.HasCjk)),
                string.Join(' ', words.Where(w => !TextTokens.HasCjk(w))));
        }

        public bool IsIn(string text) =>
            (Zh.Length > 0 && text.Contains(Zh, StringComparison.Ordinal)) || (En.Length > 0 && text.Contains(En, StringComparison.Ordinal));

        /// <summary>Swaps <paramref name="old"/>'s names in <paramref name="text"/> for this brand's.</summary>
        public string Rebrand(BrandName old, string text)
        {
            if (old == this)
            {
                return text;
            }
            if (old.Zh.Length > 0)
            {
                text = text.Replace(old.Zh, Zh.Length > 0 ? Zh : En, StringComparison.Ordinal);
            }
            if (old.En.Length > 0)
            {
                text = text.Replace(old.En, En.Length > 0 ? En : Zh, StringComparison.Ordinal);
            }
            var name = Zh.Length > 0 ? Zh : En;
            return text.Replace($"{name} {name}", name, StringComparison.Ordinal);
        }
    }
}
