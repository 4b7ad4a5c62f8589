using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.Contracts.V1;
using static ChatCommerce.ChatConnector.Tests.Catalog.CatalogFiles;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

public sealed class JsonCatalogReaderTests
{
    [Fact]
    public void ProductsInTheContractsJsonFormAreReadInOrder()
    {
        var rows = ReadJson("""
            [
              {
                "productId": "EL-HP-001",
                "title": "降噪蓝牙耳机",
                "categoryPath": ["electronics", "headphones"],
                "attributes": { "颜色": "白色" },
                "price": { "currencyCode": "CNY", "units": "199", "nanos": 900000000 },
                "groupPriceTiers": [ { "minTeamSize": 2, "price": { "currencyCode": "CNY", "units": "182" } } ],
                "stock": 1199,
                "active": false
              },
              { "product_id": "EL-HP-002", "title": "QCY T13", "category_path": ["electronics"], "price": { "units": "99" } }
            ]
            """);

        Assert.Equal([1, 2], rows.Select(r => r.Row));
        var first = rows[0].Product!;
        Assert.Equal(new Money { CurrencyCode = "CNY", Units = 199, Nanos = 900_000_000 }, first.Price);
        Assert.Equal("白色", first.Attributes["颜色"]);
        Assert.Equal(2, first.GroupPriceTiers[0].MinTeamSize);
        Assert.False(first.Active);
        Assert.Equal("EL-HP-002", rows[1].Product!.ProductId);
    }

    [Fact]
    public void ABadElementIsReportedByItsPositionAndTheOthersAreRead()
    {
        var rows = ReadJson("""
            [
              { "productId": "A", "title": "a", "categoryPath": ["x"], "price": { "units": "1" } },
              { "productId": "B", "title": "b", "categoryPath": ["x"], "price": { "units": "1" }, "stock": "many" },
              42,
              { "productId": "D", "title": "d", "categoryPath": ["x"], "price": { "units": "4" } }
            ]
            """);

        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Row));
        Assert.Equal("B", rows[1].ProductId);
        Assert.NotNull(rows[1].Error);
        Assert.Null(rows[1].Product);
        Assert.NotNull(rows[2].Error);
        Assert.Equal(["A", "D"], rows.Where(r => r.Product is not null).Select(r => r.Product!.ProductId));
    }

    [Fact]
    public void AnUnknownFieldMakesItsElementAnError()
    {
        var row = Assert.Single(ReadJson("""[ { "productId": "A", "title": "a", "prise": { "units": "1" } } ]"""));

        Assert.Null(row.Product);
        Assert.Equal("A", row.ProductId);
        Assert.Contains("prise", row.Error);
    }

    [Fact]
    public void AByteOrderMarkIsIgnored()
    {
        using var reader = JsonCatalogReader.Open((byte[])[0xEF, 0xBB, 0xBF, .. "[]"u8]);

        Assert.Empty(reader.ReadRows());
    }

    [Theory]
    [InlineData("""{ "productId": "A" }""", "must hold a JSON array")]
    [InlineData("""[ { "productId": "A" """, "is not valid JSON")]
    public void AFileThatIsNotAJsonArrayIsRefusedAsAWhole(string json, string message)
    {
        var error = Assert.Throws<CatalogFileException>(() => ReadJson(json));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TheDemoCatalogReadsWithoutErrors()
    {
        var path = Path.Combine(RepositoryRoot, "src", "BotServer", "Demo", "demo-catalog.json");

        using var reader = CatalogFile.Open(path, CatalogFormat.Json);
        var rows = reader.ReadRows().ToList();

        Assert.True(rows.Count > 200);
        Assert.All(rows, row => Assert.Null(row.Error));
    }
}
