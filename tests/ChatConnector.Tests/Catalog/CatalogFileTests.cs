using System.Text;
using ChatCommerce.ChatConnector.Catalog;
using static ChatCommerce.ChatConnector.Tests.Catalog.CatalogFiles;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

public sealed class CatalogFileTests
{
    [Theory]
    [InlineData("catalog.csv", CatalogFormat.Csv)]
    [InlineData("Export.CSV", CatalogFormat.Csv)]
    [InlineData("data/products.json", CatalogFormat.Json)]
    [InlineData("products.txt", null)]
    [InlineData("products", null)]
    public void TheFormatComesFromTheExtension(string path, CatalogFormat? format)
    {
        Assert.Equal(format, CatalogFile.FormatOf(path));
    }

    [Fact]
    public void AFileThatIsNotUtf8IsRefusedWithHowToConvertIt()
    {
        // "P-1,耳机,a,1" as GBK, the usual encoding of a Chinese Excel "CSV" export.
        byte[] gbk = [.. "product_id,title,category_path,price\nP-1,"u8, 0xB6, 0xFA, 0xBB, 0xFA, .. ",a,1\n"u8];

        var error = Assert.Throws<CatalogFileException>(() => CatalogFile.Open(gbk, CatalogFormat.Csv));

        Assert.Contains("not UTF-8", error.Message);
        Assert.Contains("iconv", error.Message);
    }

    [Fact]
    public void AFileWithAByteOrderMarkIsRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():n}.csv");
        File.WriteAllText(path, "product_id,title,category_path,price\nP-1,耳机,a,1\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            using var reader = CatalogFile.Open(path, CatalogFormat.Csv);

            Assert.Equal("耳机", Assert.Single(reader.ReadRows()).Product!.Title);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileCannotBeRead()
    {
        var error = Assert.Throws<CatalogFileException>(() => CatalogFile.Open(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():n}.csv"), CatalogFormat.Csv));

        Assert.StartsWith("cannot be read", error.Message);
    }

    [Fact]
    public void TheSampleCatalogHasFiveBilingualProductsAndNoErrors()
    {
        using var reader = CatalogFile.Open(Path.Combine(RepositoryRoot, "samples", "catalog-sample.csv"), CatalogFormat.Csv);
        var rows = reader.ReadRows().ToList();

        Assert.Equal(5, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Null(row.Error);
            Assert.NotEmpty(row.Product!.TitleZh);
            Assert.NotEmpty(row.Product.TitleEn);
        });
    }
}
