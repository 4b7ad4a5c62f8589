using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Grpc;

public sealed class CatalogServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Contracts.V1.Catalog.CatalogClient Catalog => server.App.Catalog();

    private static Product Kettle(string id = "K-1", long price = 129) => new()
    {
        ProductId = id,
        Title = "不锈钢电热水壶",
        TitleZh = "不锈钢电热水壶",
        TitleEn = "Stainless steel electric kettle",
        CategoryPath = { "kitchen", "kettles" },
        Aliases = { "烧水壶", "kettle" },
        Price = new Money { CurrencyCode = "CNY", Units = price },
        Stock = 10,
    };

    [Fact]
    public async Task AnUpsertedProductCanBeReadAndFoundAtOnce()
    {
        var merchant = "demo";
        var kettle = Kettle("K-READ");

        var upserted = await Catalog.UpsertProductsAsync(new UpsertProductsRequest { MerchantId = merchant, Products = { kettle } }, BotServerApp.Admin);
        var read = await Catalog.GetProductAsync(new GetProductRequest { MerchantId = merchant, ProductId = "K-READ" }, BotServerApp.Admin);
        var found = await Catalog.SearchProductsAsync(new SearchProductsRequest { MerchantId = merchant, Query = "烧水壶" }, BotServerApp.Admin);

        Assert.Equal(1, upserted.CreatedCount + upserted.UpdatedCount);
        Assert.Equal("不锈钢电热水壶", read.Title);
        Assert.Equal(129, read.Price.Units);
        Assert.True(read.Active);
        Assert.Contains(found.Hits, h => h.Product.ProductId == "K-READ");
    }

    [Fact]
    public async Task AnInvalidProductIsRefusedWithAViolationPerProblemAndNothingIsWritten()
    {
        var good = Kettle("K-GOOD-UNWRITTEN");
        var bad = Kettle("bad id\u0001", price: -5);

        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.UpsertProductsAsync(
            new UpsertProductsRequest { MerchantId = "demo", Products = { good, bad } }, BotServerApp.Admin).ResponseAsync);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        var lookup = await Assert.ThrowsAsync<RpcException>(() => Catalog.GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = "K-GOOD-UNWRITTEN" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("products[1].product_id", fields);
        Assert.Contains("products[1].price", fields);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task ListingPagesThroughTheWholeDemoCatalogWithoutRepeats()
    {
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Catalog.ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 40, PageToken = token }, BotServerApp.Admin);
            seen.AddRange(page.Products.Select(p => p.ProductId));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.True(seen.Count >= 150, $"only {seen.Count} products");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task TheDemoCatalogSpansAtLeastTwelveCategoriesWithBilingualTitles()
    {
        var page = await Catalog.ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 500 }, BotServerApp.Admin);

        Assert.True(page.Products.Select(p => p.CategoryPath[0]).Distinct().Count() >= 12);
        Assert.All(page.Products, p =>
        {
            Assert.NotEmpty(p.TitleZh);
            Assert.NotEmpty(p.TitleEn);
            Assert.Equal("CNY", p.Price.CurrencyCode);
        });
    }

    [Fact]
    public async Task ABudgetWhoseMinimumExceedsItsMaximumIsInvalid()
    {
        var request = new SearchProductsRequest
        {
            MerchantId = "demo",
            Query = "耳机",
            Budget = new Budget { Min = new Money { CurrencyCode = "CNY", Units = 500 }, Max = new Money { CurrencyCode = "CNY", Units = 100 } },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.SearchProductsAsync(request, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "budget");
    }

    [Fact]
    public async Task SearchKeepsToTheBudgetAndAnEmptyQueryListsPopularProducts()
    {
        var budget = new Budget { Max = new Money { CurrencyCode = "CNY", Units = 300 } };

        var cheap = await Catalog.SearchProductsAsync(new SearchProductsRequest { MerchantId = "demo", Query = "earbuds", Budget = budget }, BotServerApp.Admin);
        var popular = await Catalog.SearchProductsAsync(new SearchProductsRequest { MerchantId = "demo", PageSize = 5 }, BotServerApp.Admin);

        Assert.NotEmpty(cheap.Hits);
        Assert.All(cheap.Hits, h => Assert.True(h.Product.Price.Units <= 300 || h.Product.GroupPriceTiers.Any(t => t.Price.Units <= 300)));
        Assert.Equal(5, popular.Hits.Count);
        Assert.Equal(popular.Hits.Select(h => h.Product.SalesCount).OrderDescending(), popular.Hits.Select(h => h.Product.SalesCount));
    }

    [Fact]
    public async Task ATenThousandCharacterQueryIsCutNotRefused()
    {
        var query = "耳机" + new string('x', 10_000);

        var response = await Catalog.SearchProductsAsync(new SearchProductsRequest { MerchantId = "demo", Query = query }, BotServerApp.Admin);

        Assert.NotEmpty(response.Hits);
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM")]
    [InlineData("bad\u0007id")]
    [InlineData("")]
    public async Task AnOverLongOrControlCharacterProductIdIsInvalid(string productId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = System.Text.RegularExpressions.Regex.Unescape(productId) }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "product_id");
    }

    [Fact]
    public async Task AnUnknownMerchantIsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.SearchProductsAsync(
            new SearchProductsRequest { MerchantId = "no-such-merchant", Query = "耳机" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ANegativeBudgetIsInvalid()
    {
        var request = new SearchProductsRequest
        {
            MerchantId = "demo",
            Budget = new Budget { Max = new Money { CurrencyCode = "CNY", Units = -1 } },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.SearchProductsAsync(request, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "budget.max");
    }

    [Fact]
    public async Task AStreamedImportWritesTheGoodProductsAndReportsTheBadOnesByPosition()
    {
        using var import = Catalog.ImportProducts(BotServerApp.Admin);
        var good = Kettle("IMP-GOOD");
        good.MerchantId = "demo";
        var bad = Kettle("IMP-BAD", price: -1);
        var duplicate = Kettle("IMP-GOOD");

        await import.RequestStream.WriteAsync(good);
        await import.RequestStream.WriteAsync(bad);
        await import.RequestStream.WriteAsync(duplicate);
        await import.RequestStream.CompleteAsync();
        var result = await import.ResponseAsync;
        var stored = await Catalog.GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = "IMP-GOOD" }, BotServerApp.Admin);

        Assert.Equal(1, result.ImportedCount);
        Assert.Equal([2, 3], result.Rejected.Select(r => r.Position));
        Assert.Contains(result.Rejected[0].Reasons, r => r.StartsWith("price", StringComparison.Ordinal));
        Assert.Equal("不锈钢电热水壶", stored.Title);
    }

    [Fact]
    public async Task AMissingProductIsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Catalog.GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = "NO-SUCH" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
