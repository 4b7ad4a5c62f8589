using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

public sealed class CatalogImportEndToEndTests : IDisposable
{
    private readonly BotServerHost _server = new();

    [Fact]
    public void CsvRowsBecomeProductsWithExactMoneyTiersAndAttributes()
    {
        var rows = CatalogFiles.ReadCsv(CatalogFiles.Header + "\n" +
            "E2E-1,降噪耳机,降噪耳机,ANC earbuds,\"quiet, light\",漫步者 EDIFIER,electronics/headphones,降噪|wireless,耳机|earbuds,颜色=白|续航=30小时,199.9,,2:179.9|3:169,10,,true,5\n");

        var product = Assert.Single(rows).Product!;

        Assert.Equal(199, product.Price.Units);
        Assert.Equal(900_000_000, product.Price.Nanos);
        Assert.Equal("CNY", product.Price.CurrencyCode);
        Assert.Equal([2, 3], product.GroupPriceTiers.Select(t => t.MinTeamSize));
        Assert.Equal("30小时", product.Attributes["续航"]);
        Assert.Equal("quiet, light", product.Description);
        Assert.Equal(["electronics", "headphones"], product.CategoryPath);
    }

    [Fact]
    public async Task AnImportKeepsTheGoodRowsAndNamesEachRejectedRowByItsLine()
    {
        var rows = CatalogFiles.ReadCsv(CatalogFiles.Header + "\n" +
            "E2E-A,水杯,水杯,Cup,,,kitchen/drinkware,,,,29,,,100,,,\n" +
            "E2E-B,坏价格,坏价格,Bad price,,,kitchen,,,,abc,,,1,,,\n" +
            "E2E-C,负库存,负库存,Negative stock,,,kitchen,,,,19,,,-3,,,\n" +
            "E2E-D,好的,好的,Good,,,kitchen,,,,9.5,,,7,,,\n");
        var importer = new CatalogImporter(_server.Catalog(), BotServerHost.AdminKey);

        var report = await importer.ImportAsync(rows, BotServerHost.Merchant);
        var stored = await _server.Catalog().GetProductAsync(new GetProductRequest { MerchantId = BotServerHost.Merchant, ProductId = "E2E-D" }, BotServerHost.Admin);

        Assert.Equal(2, report.Imported);
        Assert.Equal([3, 4], report.Rejected.Select(r => r.Row));
        Assert.Contains(report.Rejected[0].Reasons, r => r.StartsWith("price", StringComparison.Ordinal));
        Assert.Contains(report.Rejected[1].Reasons, r => r.StartsWith("stock", StringComparison.Ordinal));
        Assert.Equal(9, stored.Price.Units);
        Assert.Equal(500_000_000, stored.Price.Nanos);
    }

    public void Dispose() => _server.Dispose();
}
