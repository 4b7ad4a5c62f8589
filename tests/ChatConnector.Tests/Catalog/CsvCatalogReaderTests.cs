using System.Text;
using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.Contracts.V1;
using static ChatCommerce.ChatConnector.Tests.Catalog.CatalogFiles;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

public sealed class CsvCatalogReaderTests
{
    private const string Earbuds =
        "EL-HP-001,小米 Redmi Buds 6,小米 Redmi Buds 6 降噪蓝牙耳机,Xiaomi Redmi Buds 6 earbuds,入耳式主动降噪,小米 Xiaomi,electronics/headphones,"
        + "降噪|wireless|学生,耳机|豆子,颜色=白色|续航=42小时,199.9,CNY,2:182.9|3:172,1199,https://img.example.com/EL-HP-001.jpg,true,3159";

    [Fact]
    public void EveryColumnIsReadIntoTheProduct()
    {
        var row = Assert.Single(ReadCsv($"{Header}\n{Earbuds}\n"));

        Assert.Null(row.Error);
        Assert.Equal(2, row.Row);
        var expected = new Product
        {
            ProductId = "EL-HP-001",
            Title = "小米 Redmi Buds 6",
            TitleZh = "小米 Redmi Buds 6 降噪蓝牙耳机",
            TitleEn = "Xiaomi Redmi Buds 6 earbuds",
            Description = "入耳式主动降噪",
            Brand = "小米 Xiaomi",
            CategoryPath = { "electronics", "headphones" },
            Tags = { "降噪", "wireless", "学生" },
            Aliases = { "耳机", "豆子" },
            Attributes = { ["颜色"] = "白色", ["续航"] = "42小时" },
            Price = new Money { CurrencyCode = "CNY", Units = 199, Nanos = 900_000_000 },
            GroupPriceTiers =
            {
                new PriceTier { MinTeamSize = 2, Price = new Money { CurrencyCode = "CNY", Units = 182, Nanos = 900_000_000 } },
                new PriceTier { MinTeamSize = 3, Price = new Money { CurrencyCode = "CNY", Units = 172 } },
            },
            Stock = 1199,
            ImageUrl = "https://img.example.com/EL-HP-001.jpg",
            Active = true,
            SalesCount = 3159,
        };
        Assert.Equal(expected, row.Product);
    }

    [Fact]
    public void EmptyOptionalCellsTakeTheirDefaults()
    {
        var row = Assert.Single(ReadCsv($"{Header}\nKT-001,电热水壶,,,,,home/kitchen,,,,89,,,,,,\n"));

        var product = row.Product!;
        Assert.Equal(new Money { CurrencyCode = "CNY", Units = 89 }, product.Price);
        Assert.False(product.HasActive);
        Assert.Equal(0, product.Stock);
        Assert.Empty(product.Tags);
        Assert.Empty(product.Attributes);
        Assert.Empty(product.GroupPriceTiers);
    }

    [Fact]
    public void TheCurrencyColumnAppliesToThePriceAndTheGroupPrices()
    {
        var row = Assert.Single(ReadCsv("product_id,title,category_path,price,currency,group_prices\nUS-1,Mug,home,12.5,USD,2:11\n"));

        Assert.Equal("USD", row.Product!.Price.CurrencyCode);
        Assert.Equal("USD", row.Product.GroupPriceTiers[0].Price.CurrencyCode);
    }

    [Fact]
    public void QuotedDescriptionsKeepTheirCommasQuotesAndLineBreaks()
    {
        var rows = ReadCsv(""""
            product_id,title,description,category_path,price
            TEA-1,龙井,"明前采摘，豆香清高, ""特级""
            Picked before Qingming, grade ""AAA""",food/tea,368
            TEA-2,碧螺春,plain,food/tea,198
            """");

        Assert.Equal("明前采摘，豆香清高, \"特级\"\nPicked before Qingming, grade \"AAA\"", rows[0].Product!.Description);
        Assert.Equal([2, 4], rows.Select(r => r.Row));
        Assert.Equal("TEA-2", rows[1].Product!.ProductId);
    }

    [Fact]
    public void AByteOrderMarkBeforeTheHeaderIsIgnored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{Header}\n{Earbuds}\n")).ToArray();

        using var reader = CsvCatalogReader.Open(bytes);
        var row = Assert.Single(reader.ReadRows());

        Assert.Equal("EL-HP-001", row.Product!.ProductId);
    }

    [Fact]
    public void ColumnNamesMatchWithoutCaseOrSurroundingSpacesAndInAnyOrder()
    {
        var row = Assert.Single(ReadCsv(" Price , Category_Path,TITLE_ZH,product_id\n9.9,snacks/nuts,坚果,SN-1\n"));

        Assert.Equal("坚果", row.Product!.TitleZh);
        Assert.Equal(9, row.Product.Price.Units);
    }

    [Fact]
    public void ValuesTheBotServerJudgesArePassedThroughForItToReport()
    {
        var row = Assert.Single(ReadCsv("product_id,title,category_path,price,stock,currency\nBAD-1,x,a//b,-5,-3,cny\n"));

        Assert.Null(row.Error);
        Assert.Equal(["a", "", "b"], row.Product!.CategoryPath);
        Assert.Equal(new Money { CurrencyCode = "cny", Units = -5 }, row.Product.Price);
        Assert.Equal(-3, row.Product.Stock);
    }

    [Theory]
    [InlineData("P-1,x,a,abc,1,", "price: 'abc' is not a decimal number such as 199.9")]
    [InlineData("P-1,x,a,19,9,1,", "has 7 values but the header has 6 columns")]
    [InlineData("P-1,x,a,,1,", "price: must not be empty")]
    [InlineData("P-1,x,a,1.0000000001,1,", "price: '1.0000000001' has more than 9 decimal places")]
    [InlineData("P-1,x,a,9,many,", "stock: 'many' is not a whole number")]
    [InlineData("P-1,x,a,9,1,颜色", "attributes: '颜色' is not key=value")]
    [InlineData("P-1,x,a,9,1,=white", "attributes: '=white' is not key=value")]
    [InlineData("P-1,x,a,9,1,颜色=白|颜色=黑", "attributes: '颜色' appears twice")]
    [InlineData("P-1,x,a,9,1.5,颜色", "stock: '1.5' is not a whole number; attributes: '颜色' is not key=value")]
    [InlineData("P-1,x\"y,a,9,1,", "broken quoting: a quote inside an unquoted value")]
    [InlineData("P-1,\"x\"y,a,9,1,", "broken quoting: text after a closing quote")]
    public void AMalformedRowIsReportedWithItsLineAndReasonAndTheNextRowIsStillRead(string line, string reason)
    {
        var rows = ReadCsv($"product_id,title,category_path,price,stock,attributes\nOK-1,fine,a,1,1,\n{line}\nOK-2,fine,a,2,2,\n");

        Assert.Equal([2, 3, 4], rows.Select(r => r.Row));
        Assert.Null(rows[1].Product);
        Assert.Equal("P-1", rows[1].ProductId);
        Assert.StartsWith(reason, rows[1].Error);
        Assert.Equal(["OK-1", "OK-2"], rows.Where(r => r.Product is not null).Select(r => r.Product!.ProductId));
    }

    [Theory]
    [InlineData("2-158", "group_prices: '2-158' is not team_size:price")]
    [InlineData("two:158", "group_prices: 'two:158' is not team_size:price")]
    [InlineData("2:cheap", "group_prices: 'cheap' is not a decimal number")]
    public void MalformedGroupPricesAreReported(string groupPrices, string reason)
    {
        var row = Assert.Single(ReadCsv($"product_id,title,category_path,price,group_prices\nP-1,x,a,199,{groupPrices}\n"));

        Assert.StartsWith(reason, row.Error);
    }

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    public void ActiveIsTrueOrFalse(string cell, bool active)
    {
        var row = Assert.Single(ReadCsv($"product_id,title,category_path,price,active\nP-1,x,a,1,{cell}\n"));

        Assert.Equal(active, row.Product!.Active);
    }

    [Fact]
    public void ActiveRefusesOtherWords()
    {
        var row = Assert.Single(ReadCsv("product_id,title,category_path,price,active\nP-1,x,a,1,yes\n"));

        Assert.Equal("active: 'yes' must be true, false or empty", row.Error);
    }

    [Fact]
    public void RowsAreNumberedByTheLineTheyStartOnCountingBlankLinesAndLinesInsideQuotes()
    {
        var rows = ReadCsv("product_id,title,description,category_path,price\n\nA,a,\"one\ntwo\nthree\",c,1\n\nB,b,,c,oops\n,,,,\nC,c,,c,3\n");

        Assert.Equal([3, 7, 9], rows.Select(r => r.Row));
        Assert.Equal("B", rows[1].ProductId);
        Assert.NotNull(rows[1].Error);
    }

    [Fact]
    public void AQuoteThatIsNeverClosedIsReportedOnTheRowWhereItStarts()
    {
        var rows = ReadCsv("product_id,title,description,category_path,price\nA,a,fine,c,1\nB,b,\"never closed,c,2\nC,c,lost,c,3\n");

        Assert.Equal([2, 3], rows.Select(r => r.Row));
        Assert.Contains("never closed", rows[1].Error);
    }

    [Fact]
    public void UnknownColumnsAreRefusedByName()
    {
        var error = Assert.Throws<CatalogFileException>(() => CsvCatalogReader.Open(Encoding.UTF8.GetBytes("product_id,title,category_path,price,colour,weight\n")));

        Assert.Contains("unknown columns 'colour', 'weight'", error.Message);
        Assert.Contains("group_prices", error.Message);
    }

    [Theory]
    [InlineData("brand", "missing required columns product_id, title (or title_zh or title_en), category_path, price")]
    [InlineData("product_id,title_zh,brand", "missing required columns category_path, price")]
    public void MissingRequiredColumnsAreRefusedByName(string header, string message)
    {
        var error = Assert.Throws<CatalogFileException>(() => CsvCatalogReader.Open(Encoding.UTF8.GetBytes($"{header}\nP-1,x,y\n")));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AnyOneTitleColumnIsEnough()
    {
        var row = Assert.Single(ReadCsv("product_id,title_en,category_path,price\nP-1,Kettle,home,1\n"));

        Assert.Equal("Kettle", row.Product!.TitleEn);
    }

    [Fact]
    public void ARepeatedColumnIsRefused()
    {
        var error = Assert.Throws<CatalogFileException>(() => CsvCatalogReader.Open(Encoding.UTF8.GetBytes("product_id,title,category_path,price,tags,tags\n")));

        Assert.Contains("repeated columns tags", error.Message);
    }

    [Fact]
    public void AnEmptyFileHasNoHeader()
    {
        var error = Assert.Throws<CatalogFileException>(() => CsvCatalogReader.Open(Array.Empty<byte>()));

        Assert.Contains("no header row", error.Message);
    }
}
