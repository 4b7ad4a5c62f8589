using System.CommandLine;
using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.ChatConnector.Cli;
using static ChatCommerce.ChatConnector.Tests.Catalog.CatalogFiles;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

/// <summary><c>catalog import</c> without a BotServer: options, file errors and dry runs.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    // Nothing listens here; a test that got past validation to a call would fail with exit code 1.
    private const string NoServer = "http://127.0.0.1:9";

    private readonly Dictionary<string, string> _environment = [];
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly List<string> _files = [];

    [Fact]
    public async Task ADryRunChecksTheFileWithoutSendingAnything()
    {
        var file = Csv("product_id,title,category_path,price\nP-1,a,x,1\nP-2,b,x,cheap\nP-3,c,x,3\n");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--dry-run");

        Assert.Equal(CatalogCommand.SomeRejected, exitCode);
        Assert.Equal(
            """
            Dry run, nothing sent: 2 products ready to import; 1 rejected:
              row 3 (P-2): price: 'cheap' is not a decimal number such as 199.9

            """,
            _output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ADryRunOfTheSampleCatalogFindsNothingWrong()
    {
        var exitCode = await InvokeAsync("catalog", "import", "--file", Path.Combine(RepositoryRoot, "samples", "catalog-sample.csv"), "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Equal("Dry run, nothing sent: 5 products ready to import.", _output.ToString().Trim());
    }

    [Fact]
    public async Task TheFormatOptionOverridesTheExtension()
    {
        var file = Csv("""[ { "productId": "A", "title": "a", "categoryPath": ["x"], "price": { "units": "1" } } ]""", ".txt");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--format", "json", "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Contains("1 product ready", _output.ToString());
    }

    [Fact]
    public async Task AFileWithUnknownColumnsIsRefusedBeforeAnythingIsSent()
    {
        var file = Csv("product_id,title,category_path,price,colour\nP-1,a,x,1,red\n");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--bot", NoServer, "--api-key", "KEY");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains($"{file} has unknown columns 'colour'", _error.ToString());
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task MissingAddressAndKeyAreReportedTogetherWithHowToFixThem()
    {
        var file = Csv("product_id,title,category_path,price\nP-1,a,x,1\n");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file);

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains(RunCommand.BotUrlVariable, _error.ToString());
        Assert.Contains(RunCommand.ApiKeyVariable, _error.ToString());
    }

    [Fact]
    public async Task EnvironmentVariablesStandInForTheAddressAndKey()
    {
        _environment[RunCommand.BotUrlVariable] = "not a url";
        _environment[RunCommand.ApiKeyVariable] = "KEY";
        var file = Csv("product_id,title,category_path,price\nP-1,a,x,1\n");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file);

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("'not a url' is not an http:// or https:// URL", _error.ToString());
        Assert.DoesNotContain("API key", _error.ToString());
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("catalog", "export")]
    [InlineData("catalog", "import")]
    [InlineData("catalog", "import", "--file")]
    [InlineData("catalog", "import", "--file", "missing.csv", "--dry-run")]
    [InlineData("catalog", "import", "--file", "CSV", "--format", "xml", "--dry-run")]
    [InlineData("catalog", "import", "--file", "CSV", "--mechant", "demo", "--dry-run")]
    [InlineData("catalog", "import", "--file", "CSV", "--bot", "127.0.0.1:5080", "--api-key", "KEY")]
    public async Task UsageErrorsExitWith64AndPointToTheHelp(params string[] args)
    {
        var file = Csv("product_id,title,category_path,price\nP-1,a,x,1\n");

        var exitCode = await InvokeAsync([.. args.Select(a => a == "CSV" ? file : a)]);

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("chatconnector catalog import --help", _error.ToString());
    }

    [Fact]
    public async Task TheFormatCannotBeGuessedFromAnUnknownExtension()
    {
        var file = Csv("product_id,title,category_path,price\n", ".txt");

        var exitCode = await InvokeAsync("catalog", "import", "--file", file, "--dry-run");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("--format csv", _error.ToString());
    }

    [Fact]
    public async Task HelpDocumentsEveryCsvColumnTheExitCodesAndAnExample()
    {
        await InvokeAsync("catalog", "import", "--help");

        var help = _output.ToString();
        Assert.All(CsvCatalogReader.Columns, column => Assert.Contains($"  {column.Name} ", help));
        Assert.Contains("64", help);
        Assert.Contains("chatconnector catalog import --file samples/catalog-sample.csv", help);
        Assert.All(
            CatalogCommand.Create(_ => null).Subcommands.Single().Options,
            option => Assert.False(string.IsNullOrWhiteSpace(option.Description), option.Name));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private string Csv(string text, string extension = ".csv")
    {
        var path = WriteTemp(text, extension);
        _files.Add(path);
        return path;
    }

    private async Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { CatalogCommand.Create(name => _environment.GetValueOrDefault(name)) };
        var configuration = new InvocationConfiguration { Output = _output, Error = _error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration);
    }
}
