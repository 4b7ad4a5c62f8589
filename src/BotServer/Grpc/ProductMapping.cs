using ChatCommerce.BotServer.Errors;
using Google.Protobuf.WellKnownTypes;
using Contract = ChatCommerce.Contracts.V1;
using Domain = ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Grpc;

public static class ProductMapping
{
    /// <summary>The contract's product to the catalog's; money errors become field violations under <paramref name="prefix"/>.</summary>
    public static Domain.Product ToDomain(Contract.Product p, string prefix = "")
    {
        var price = p.Price is null ? throw new InvalidRequestException($"{prefix}price", "is required") : p.Price;
        return new Domain.Product
        {
            ProductId = p.ProductId.Trim(),
            Title = string.IsNullOrWhiteSpace(p.Title) ? (p.TitleZh.Length > 0 ? p.TitleZh : p.TitleEn) : p.Title,
            TitleZh = p.TitleZh,
            TitleEn = p.TitleEn,
            Description = p.Description,
            Brand = p.Brand,
            CategoryPath = p.CategoryPath.ToList(),
            Tags = p.Tags.ToList(),
            Aliases = p.Aliases.ToList(),
            Attributes = p.Attributes.ToDictionary(),
            Currency = string.IsNullOrEmpty(price.CurrencyCode) ? "CNY" : price.CurrencyCode,
            Price = MoneyMapping.ToDecimal(price, $"{prefix}price"),
            GroupPriceTiers = p.GroupPriceTiers.Select((t, i) => new Domain.GroupPriceTier
            {
                MinTeamSize = t.MinTeamSize,
                Price = t.Price is null
                    ? throw new InvalidRequestException($"{prefix}group_price_tiers[{i}].price", "is required")
                    : MoneyMapping.ToDecimal(t.Price, $"{prefix}group_price_tiers[{i}].price"),
            }).OrderBy(t => t.MinTeamSize).ToList(),
            Stock = p.Stock,
            ImageUrl = p.ImageUrl,
            Active = !p.HasActive || p.Active,
            SalesCount = p.SalesCount,
        };
    }

    public static Contract.Product ToContract(Domain.Product p)
    {
        var product = new Contract.Product
        {
            ProductId = p.ProductId,
            MerchantId = p.MerchantId,
            Title = p.Title,
            TitleZh = p.TitleZh,
            TitleEn = p.TitleEn,
            Description = p.Description,
            Brand = p.Brand,
            CategoryPath = { p.CategoryPath },
            Tags = { p.Tags },
            Aliases = { p.Aliases },
            Attributes = { p.Attributes },
            Price = MoneyMapping.ToMoney(p.Price, p.Currency),
            GroupPriceTiers =
            {
                p.GroupPriceTiers.Select(t => new Contract.PriceTier { MinTeamSize = t.MinTeamSize, Price = MoneyMapping.ToMoney(t.Price, p.Currency) }),
            },
            Stock = p.Stock,
            ImageUrl = p.ImageUrl,
            Active = p.Active,
            SalesCount = p.SalesCount,
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc)),
        };
        return product;
    }
}
