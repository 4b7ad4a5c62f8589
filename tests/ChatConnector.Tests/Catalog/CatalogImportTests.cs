using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.ChatConnector.Cli;
using ChatCommerce.Contracts.V1;
using static ChatCommerce.ChatConnector.Tests.Catalog.CatalogFiles;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

/// <summary>Imports into the real BotServer over gRPC: the importer on its own and the whole CLI command.</summary>
public sealed class CatalogImportTests(BotServerHost server) : IClassFixture<BotServerHost>, IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly List<string> _files = [];

    /// <summary>
    /// Three good rows (one with a description over two lines), a row the reader cannot read
    /// (line 5) and one the BotServer refuses (line 6, negative stock), then a last good row.
    /// </summary>
    private static string Catalog(string prefix) => $"""
        product_id,title_zh,title_en,description,category_path,tags,attributes,price,group_prices,stock
        {prefix}-1,降噪蓝牙耳机,ANC earbuds,"通勤降噪, 42小时续航",electronics/headphones,降噪|wireless,颜色=白色|续航=42小时,199.9,2:179.9|3:169,100
        {prefix}-2,电热水壶,Electric kettle,"1.5L, 304不锈钢
        switches itself off",home/kitchen,kettle,容量=1.5L,89,,20
        {prefix}-3,保温杯,Vacuum flask,,home/kitchen,,,cheap,,5
        {prefix}-4,瑜伽垫,Yoga mat,,sports/yoga,,,119,,-5
        {prefix}-5,龙井茶,Longjing tea,,food/tea,,,368.5,2:348,7
        """;

    [Fact]
    public async Task GoodRowsAreImportedAndRejectedRowsAreReportedByTheirLineInTheFile()
    {
        var importer = new CatalogImporter(server.Catalog(), BotServerHost.AdminKey);
        using var reader = CatalogFile.Open(Csv(Catalog("IMPA")), CatalogFormat.Csv);

        var report = await importer.ImportAsync(reader.ReadRows(), BotServerHost.Merchant);

        Assert.Equal(3, report.Imported);
        Assert.Equal(
            [
                (5, "IMPA-3", "price: 'cheap' is not a decimal number such as 199.9"),
                (6, "IMPA-4", "stock: must not be negative"),
            ],
            report.Rejected.Select(r => (r.Row, r.ProductId, string.Join("; ", r.Reasons))));

        var earbuds = await GetAsync("IMPA-1");
        Assert.Equal(new Money { CurrencyCode = "CNY", Units = 199, Nanos = 900_000_000 }, earbuds.Price);
        Assert.Equal("42小时", earbuds.Attributes["续航"]);
        Assert.Equal(["electronics", "headphones"], earbuds.CategoryPath);
        Assert.Equal(
            [(2, 179L, 900_000_000), (3, 169L, 0)],
            earbuds.GroupPriceTiers.Select(t => (t.MinTeamSize, t.Price.Units, t.Price.Nanos)));
        Assert.Equal("降噪蓝牙耳机", earbuds.Title);
        Assert.Equal("1.5L, 304不锈钢\nswitches itself off", (await GetAsync("IMPA-2")).Description);
        Assert.Equal(new Money { CurrencyCode = "CNY", Units = 368, Nanos = 500_000_000 }, (await GetAsync("IMPA-5")).Price);
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => GetAsync("IMPA-4"));
    }

    [Fact]
    public async Task TheCommandImportsTheFilePrintsTheSummaryAndExitsWith2WhenRowsWereRejected()
    {
        var file = Csv(Catalog("IMPB"));

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--merchant", BotServerHost.Merchant,
            "--bot", server.GrpcAddress.ToString(), "--api-key", BotServerHost.AdminKey);

        Assert.Equal(CatalogCommand.SomeRejected, exitCode);
        Assert.Equal(
            """
            Imported 3 products; 2 rejected:
              row 5 (IMPB-3): price: 'cheap' is not a decimal number such as 199.9
              row 6 (IMPB-4): stock: must not be negative

            """,
            _output.ToString().ReplaceLineEndings("\n"));
        Assert.Empty(_error.ToString());
        Assert.Equal("Electric kettle", (await GetAsync("IMPB-2")).TitleEn);
    }

    [Fact]
    public async Task TheCommandImportsAJsonFileAndExitsWith0WhenEverythingWasImported()
    {
        var file = Csv("""
            [
              { "productId": "IMPC-1", "title": "坚果礼盒", "categoryPath": ["food", "snacks"], "price": { "currencyCode": "CNY", "units": "128" } },
              { "productId": "IMPC-2", "title": "牛肉干", "categoryPath": ["food", "snacks"], "price": { "currencyCode": "CNY", "units": "39", "nanos": 900000000 } }
            ]
            """, ".json");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--merchant", BotServerHost.Merchant,
            "--bot", server.GrpcAddress.ToString(), "--api-key", BotServerHost.AdminKey);

        Assert.Equal(0, exitCode);
        Assert.Equal("Imported 2 products.", _output.ToString().Trim());
        Assert.Equal(39, (await GetAsync("IMPC-2")).Price.Units);
    }

    [Fact]
    public async Task AWrongKeyExitsWith1AndPrintsTheStatus()
    {
        var file = Csv(Catalog("IMPD"));

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--merchant", BotServerHost.Merchant,
            "--bot", server.GrpcAddress.ToString(), "--api-key", "not-a-key");

        Assert.Equal(CatalogCommand.CallFailed, exitCode);
        Assert.StartsWith("Import failed: Unauthenticated: ", _error.ToString());
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task TheAdminKeyWithoutAMerchantExitsWith1AndSaysWhy()
    {
        var file = Csv(Catalog("IMPE"));

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--bot", server.GrpcAddress.ToString(), "--api-key", BotServerHost.AdminKey);

        Assert.Equal(CatalogCommand.CallFailed, exitCode);
        Assert.StartsWith("Import failed: InvalidArgument: ", _error.ToString());
    }

    [Fact]
    public async Task AnUnreachableBotServerExitsWith1()
    {
        var file = Csv(Catalog("IMPF"));

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--merchant", BotServerHost.Merchant,
            "--bot", $"http://127.0.0.1:{ClosedPort()}", "--api-key", BotServerHost.AdminKey);

        Assert.Equal(CatalogCommand.CallFailed, exitCode);
        Assert.StartsWith("Import failed: Unavailable: ", _error.ToString());
        Assert.Contains("Is the BotServer running", _error.ToString());
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private Task<Product> GetAsync(string productId) =>
        server.Catalog().GetProductAsync(new GetProductRequest { MerchantId = BotServerHost.Merchant, ProductId = productId }, BotServerHost.Admin).ResponseAsync;

    private string Csv(string text, string extension = ".csv")
    {
        var path = WriteTemp(text, extension);
        _files.Add(path);
        return path;
    }

    private async Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { CatalogCommand.Create(_ => null) };
        var configuration = new InvocationConfiguration { Output = _output, Error = _error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
