using System.Globalization;
using System.Text.Json;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Tests.Support;

/// <summary>One first user turn of an X-RiSAWOZ laptop or car dialogue: the same request in zh and en, its slot constraints in each, and the zh products meeting them.</summary>
public sealed record XRisawozRequest(
    string Domain,
    string ZhText,
    string EnText,
    IReadOnlyDictionary<string, string> ZhConstraints,
    IReadOnlyDictionary<string, string> EnConstraints,
    IReadOnlySet<string> RelevantIds);

/// <summary>The copied X-RiSAWOZ catalogs (zh and en rows parallel by index) and requests (tests/BotServer.Tests/data/xrisawoz, CC BY 4.0).</summary>
public sealed class XRisawoz
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "BotServer.Tests", "data", "xrisawoz");

    private readonly List<JsonElement> _pcZh;
    private readonly List<JsonElement> _pcEn;
    private readonly List<JsonElement> _carZh;
    private readonly List<JsonElement> _carEn;

    private XRisawoz()
    {
        _pcZh = Rows("pc_zh_CN.json");
        _pcEn = Rows("pc_en.json");
        _carZh = Rows("car_zh_CN.json");
        _carEn = Rows("car_en.json");
        Assert.Equal(_pcZh.Count, _pcEn.Count);
        Assert.Equal(_carZh.Count, _carEn.Count);
        var ids = _pcZh.Select((row, i) => (Name: row.GetProperty("商品名称").GetString()!, Id: $"pc-{i}"))
            .Concat(_carZh.Select((row, i) => (Name: row.GetProperty("名称").GetString()!, Id: $"car-{i}")))
            .ToDictionary(x => x.Name, x => x.Id);
        Requests = File.ReadLines(Path.Combine(Folder, "xrisawoz_product_constraint_queries.jsonl"))
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(item => new XRisawozRequest(
                item.GetProperty("domain").GetString()!,
                item.GetProperty("zh_text").GetString()!,
                item.GetProperty("en_text").GetString()!,
                Constraints(item.GetProperty("zh_constraints")),
                Constraints(item.GetProperty("en_constraints")),
                item.GetProperty("relevant_product_names").EnumerateArray().Select(n => ids[n.GetString()!]).ToHashSet()))
            .ToList();
    }

    public IReadOnlyList<XRisawozRequest> Requests { get; }

    public static XRisawoz Load() => new();

    public IReadOnlyList<Product> Products(string merchantId, string language) => language == "zh"
        ? [.. _pcZh.Select((row, i) => Map(merchantId, $"pc-{i}", row, "商品名称", "品牌", "computers", "产品类别", "价格", 1m)),
           .. _carZh.Select((row, i) => Map(merchantId, $"car-{i}", row, "名称", "厂商", "cars", "车型", "价格(万元)", 10_000m))]
        : [.. _pcEn.Select((row, i) => Map(merchantId, $"pc-{i}", row, "product_name", "brand", "computers", "computer_type", "price", 1m)),
           .. _carEn.Select((row, i) => Map(merchantId, $"car-{i}", row, "name", "brand", "cars", "classification", "price", 1m))];

    /// <summary>Name → title, brand, top category + type → category path, price in CNY; every other field an attribute.</summary>
    private static Product Map(string merchantId, string productId, JsonElement row, string title, string brand, string top, string type, string price, decimal priceUnit)
    {
        var mapped = new HashSet<string> { title, brand, type, price };
        return new Product
        {
            Id = Product.StorageKey(merchantId, productId),
            MerchantId = merchantId,
            ProductId = productId,
            Title = Text(row.GetProperty(title)),
            Brand = Text(row.GetProperty(brand)),
            CategoryPath = [top, Text(row.GetProperty(type))],
            Price = Price(row.GetProperty(price)) * priceUnit,
            Attributes = row.EnumerateObject().Where(p => !mapped.Contains(p.Name)).ToDictionary(p => p.Name, p => Text(p.Value)),
            Stock = 10,
        };
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>5799.0, "5,799 yuan", "109,900".</summary>
    private static decimal Price(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDecimal()
        : decimal.Parse(new string(value.GetString()!.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray()), CultureInfo.InvariantCulture);

    private static IReadOnlyDictionary<string, string> Constraints(JsonElement constraints) =>
        constraints.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal);

    private static List<JsonElement> Rows(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "catalog", file))).RootElement.EnumerateArray().ToList();
}
