using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>What makes a product acceptable. Field names are the contract's (snake_case).</summary>
public static partial class ProductRules
{
    public const int MaxProductIdLength = 64;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxListItems = 50;

    public static bool IsValidProductId(string? id) => id is not null && ProductIdPattern().IsMatch(id);

    public static void Check(Product product, string prefix, Violations violations)
    {
        violations
            .When(!IsValidProductId(product.ProductId), $"{prefix}product_id",
                $"must be 1..{MaxProductIdLength} characters of letters, digits, '-', '_' or '.'")
            .When(string.IsNullOrWhiteSpace(product.Title) && string.IsNullOrWhiteSpace(product.TitleZh) && string.IsNullOrWhiteSpace(product.TitleEn),
                $"{prefix}title", "must not be empty")
            .When(new[] { product.Title, product.TitleZh, product.TitleEn, product.Brand }.Any(t => t.Length > MaxTitleLength),
                $"{prefix}title", $"titles and brand must be at most {MaxTitleLength} characters")
            .When(product.Description.Length > MaxDescriptionLength, $"{prefix}description", $"must be at most {MaxDescriptionLength} characters")
            .When(product.CategoryPath.Count == 0 || product.CategoryPath.Any(string.IsNullOrWhiteSpace), $"{prefix}category_path",
                "must name at least the top-level category, with no empty element")
            .When(product.Tags.Count > MaxListItems || product.Aliases.Count > MaxListItems || product.Attributes.Count > MaxListItems,
                $"{prefix}tags", $"tags, aliases and attributes hold at most {MaxListItems} items each")
            .When(product.Price < 0, $"{prefix}price", "must not be negative")
            .When(!CurrencyPattern().IsMatch(product.Currency), $"{prefix}price.currency_code", "must be an ISO 4217 code such as CNY")
            .When(product.Stock < 0, $"{prefix}stock", "must not be negative");
        foreach (var (tier, i) in product.GroupPriceTiers.Select((t, i) => (t, i)))
        {
            violations
                .When(tier.MinTeamSize is < 2 or > 50, $"{prefix}group_price_tiers[{i}].min_team_size", "must be 2..50")
                .When(tier.Price < 0 || tier.Price > product.Price, $"{prefix}group_price_tiers[{i}].price",
                    "must be between 0 and the normal price");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ProductIdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
