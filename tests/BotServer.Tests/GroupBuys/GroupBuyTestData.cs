using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.GroupBuys;

/// <summary>Products and teams for group-buy tests, made through the real RPCs.</summary>
public static class GroupBuyTestData
{
    /// <summary>A product of the demo merchant with the given stock and tiers 2+ ¥90, 4+ ¥80 (normal ¥100).</summary>
    public static async Task<string> ProductAsync(BotServerApp app, int stock)
    {
        var id = "GBT-" + Guid.NewGuid().ToString("n")[..10];
        await app.Catalog().UpsertProductsAsync(new UpsertProductsRequest
        {
            MerchantId = "demo",
            Products =
            {
                new Product
                {
                    ProductId = id,
                    Title = "测试拼团耳机 " + id,
                    TitleEn = "Test earbuds " + id,
                    CategoryPath = { "electronics" },
                    Price = new Money { CurrencyCode = "CNY", Units = 100 },
                    GroupPriceTiers =
                    {
                        new PriceTier { MinTeamSize = 2, Price = new Money { CurrencyCode = "CNY", Units = 90 } },
                        new PriceTier { MinTeamSize = 4, Price = new Money { CurrencyCode = "CNY", Units = 80 } },
                    },
                    Stock = stock,
                },
            },
        }, BotServerApp.Admin);
        return id;
    }

    public static async Task<GroupBuy> StartAsync(BotServerApp app, string productId, int teamSize, string leader = "leader", string group = "gb-group", TimeSpan? window = null)
    {
        var response = await app.GroupBuys().StartGroupBuyAsync(new StartGroupBuyRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            MerchantId = "demo",
            ProductId = productId,
            Platform = "console",
            GroupId = group,
            Leader = new Sender { UserId = leader, DisplayName = leader },
            TeamSize = teamSize,
            Window = window is null ? null : Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(window.Value),
        }, BotServerApp.Admin);
        return response.GroupBuy;
    }

    public static Task<JoinGroupBuyResponse> JoinAsync(BotServerApp app, string groupBuyId, string user, string? requestId = null) =>
        app.GroupBuys().JoinGroupBuyAsync(new JoinGroupBuyRequest
        {
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            MerchantId = "demo",
            GroupBuyId = groupBuyId,
            User = new Sender { UserId = user, DisplayName = user },
        }, BotServerApp.Admin).ResponseAsync;

    public static async Task<int> StockAsync(BotServerApp app, string productId) =>
        (await app.Catalog().GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = productId }, BotServerApp.Admin)).Stock;
}
