namespace ChatCommerce.BotServer.Catalog;

/// <summary>A product in one merchant's catalog. Prices are in <see cref="Currency"/>.</summary>
public sealed class Product
{
    /// <summary>Storage key: "{merchantId}/{productId}".</summary>
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Title { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string Description { get; set; } = "";
    public string Brand { get; set; } = "";
    public List<string> CategoryPath { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public List<string> Aliases { get; set; } = [];
    public Dictionary<string, string> Attributes { get; set; } = [];
    public string Currency { get; set; } = "CNY";
    public decimal Price { get; set; }
    public List<GroupPriceTier> GroupPriceTiers { get; set; } = [];
    public int Stock { get; set; }
    public string ImageUrl { get; set; } = "";
    public bool Active { get; set; } = true;
    public int SalesCount { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string Category => CategoryPath.Count > 0 ? CategoryPath[0] : "";

    /// <summary>The lowest group price, if the product can be bought in a group.</summary>
    public decimal? BestGroupPrice => GroupPriceTiers.Count == 0 ? null : GroupPriceTiers.Min(t => t.Price);

    public string TitleFor(string language) => language == "en"
        ? FirstNonEmpty(TitleEn, Title, TitleZh)
        : FirstNonEmpty(TitleZh, Title, TitleEn);

    public static string StorageKey(string merchantId, string productId) => $"{merchantId}/{productId}";

    private static string FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";
}

public sealed class GroupPriceTier
{
    public int MinTeamSize { get; set; }
    public decimal Price { get; set; }
}
