using System.CommandLine;
using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.ChatConnector.Relay;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using CatalogClient = ChatCommerce.Contracts.V1.Catalog.CatalogClient;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary><c>chatconnector catalog import</c>: loads a merchant's products from a JSON or CSV file.</summary>
public static class CatalogCommand
{
    /// <summary>Exit code when the BotServer could not be reached or refused the call as a whole.</summary>
    public const int CallFailed = 1;

    /// <summary>Exit code when some rows were rejected; the others were imported.</summary>
    public const int SomeRejected = 2;

    private const string ImportHelpPath = "chatconnector catalog import --help";

    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    public static Command Create(Func<string, string?> environment)
    {
        var catalog = new Command("catalog", $"Manage a merchant's catalog on the BotServer. Start with: {ImportHelpPath}")
        {
            CreateImport(environment),
        };
        catalog.Action = new UsageCheckedAction(ImportHelpPath, async (parseResult, _) =>
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"Name what to do, e.g. import. See: {ImportHelpPath}");
            return RunCommand.UsageError;
        });
        return catalog;
    }

    private static Command CreateImport(Func<string, string?> environment)
    {
        var options = new ImportOptions();
        var command = new Command("import", ImportDescription())
        {
            options.File,
            options.Format,
            options.Merchant,
            options.Bot,
            options.ApiKey,
            options.DryRun,
        };
        command.Action = new UsageCheckedAction(ImportHelpPath, async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var (settings, errors) = options.Resolve(parseResult, environment);
            if (settings is null)
            {
                foreach (var message in errors)
                {
                    await error.WriteLineAsync(message);
                }
                await error.WriteLineAsync($"See: {ImportHelpPath}");
                return RunCommand.UsageError;
            }

            return await ImportAsync(settings, output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ImportAsync(ImportSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ICatalogReader reader;
        try
        {
            reader = CatalogFile.Open(settings.File, settings.Format);
        }
        catch (CatalogFileException e)
        {
            await error.WriteLineAsync($"{settings.File} {e.Message}");
            return RunCommand.UsageError;
        }

        using (reader)
        {
            ImportReport report;
            if (settings.DryRun)
            {
                report = CatalogImporter.Check(reader.ReadRows());
            }
            else
            {
                using var channel = RelayServiceCollectionExtensions.CreateChannel(settings.BotUrl!, NullLoggerFactory.Instance);
                var importer = new CatalogImporter(new CatalogClient(channel), settings.ApiKey!);
                try
                {
                    report = await importer.ImportAsync(reader.ReadRows(), settings.Merchant, cancellationToken);
                }
                catch (RpcException e)
                {
                    await error.WriteLineAsync($"Import failed: {e.StatusCode}: {e.Status.Detail}");
                    if (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                    {
                        await error.WriteLineAsync(
                            $"Is the BotServer running at {settings.BotUrl}? Products sent before a lost connection may have been imported; importing the file again is safe (products are replaced by product_id).");
                    }
                    return CallFailed;
                }
            }

            foreach (var line in report.Lines(reader.RowNoun))
            {
                await output.WriteLineAsync(line);
            }
            return report.Rejected.Count == 0 ? 0 : SomeRejected;
        }
    }
    private static string ImportDescription()
    {
        var width = CsvCatalogReader.Columns.Max(c => c.Name.Length) + 2;
        var columns = string.Join(Environment.NewLine, CsvCatalogReader.Columns.Select(c => $"  {c.Name.PadRight(width)}{c.Help}"));
        return $"""
            Import products into a merchant's catalog from a JSON or CSV file, over one gRPC stream.
            Good rows are imported even when others are rejected; the summary names each rejected row
            by the line it starts on (CSV, header = line 1) or its position in the array (JSON).

            CSV: UTF-8 (with or without BOM), comma-separated, quoted as in RFC 4180, with a header
            row naming some of these columns in any order (other columns are an error):
            {columns}

            JSON: an array of products in the API's JSON form (lowerCamelCase, like
            src/BotServer/Demo/demo-catalog.json); unknown fields make that element an error.

            Exit codes: 0 all imported, 2 some rows rejected (the rest imported), 1 the BotServer
            could not be reached or refused the call, 64 bad options or a file that cannot be read.

            Example, with the admin key into the demo merchant:
              chatconnector catalog import --file samples/catalog-sample.csv --merchant demo --bot http://127.0.0.1:5080 --api-key KEY
            """;
    }

    /// <summary>What <c>catalog import</c> was asked to do, validated.</summary>
    private sealed record ImportSettings(string File, CatalogFormat Format, string? Merchant, Uri? BotUrl, string? ApiKey, bool DryRun);

    private sealed class ImportOptions
    {
        public Option<string?> File { get; } = new("--file")
        {
            Description = "The catalog file to import: .json or .csv (see above). Required.",
            HelpName = "path",
        };

        public Option<string?> Format { get; } = new("--format")
        {
            Description = "json or csv. Default: from the file's extension.",
            HelpName = "json|csv",
        };

        public Option<string?> Merchant { get; } = new("--merchant")
        {
            Description = "The merchant whose catalog to import into. Required with the admin key; a merchant key implies its own merchant.",
            HelpName = "id",
        };

        public Option<string?> Bot { get; } = new("--bot")
        {
            Description = $"The BotServer's gRPC address; http:// is plain-text HTTP/2. Required unless {RunCommand.BotUrlVariable} is set or --dry-run is given. Example: http://127.0.0.1:5080.",
            HelpName = "url",
        };

        public Option<string?> ApiKey { get; } = new("--api-key")
        {
            Description = $"The admin or merchant API key (sent as x-api-key). Required unless {RunCommand.ApiKeyVariable} is set or --dry-run is given.",
            HelpName = "key",
        };

        public Option<bool> DryRun { get; } = new("--dry-run")
        {
            Description = "Read and check the file and print the summary without sending anything. The BotServer's own checks (negative prices or stock, repeated ids) run only on a real import.",
        };

        public (ImportSettings? Settings, List<string> Errors) Resolve(ParseResult result, Func<string, string?> environment)
        {
            var errors = new List<string>();

            var file = FirstNonBlank(result.GetValue(File));
            CatalogFormat? format = null;
            if (file is null)
            {
                errors.Add("Missing the file: pass --file catalog.csv (or a .json file).");
            }
            else if (!System.IO.File.Exists(file))
            {
                errors.Add($"--file '{file}' does not exist.");
            }

            var formatText = FirstNonBlank(result.GetValue(Format));
            if (formatText is not null)
            {
                format = formatText.ToLowerInvariant() switch
                {
                    "json" => CatalogFormat.Json,
                    "csv" => CatalogFormat.Csv,
                    _ => null,
                };
                if (format is null)
                {
                    errors.Add($"--format '{formatText}' must be json or csv.");
                }
            }
            else if (file is not null)
            {
                format = CatalogFile.FormatOf(file);
                if (format is null)
                {
                    errors.Add($"Cannot tell the format of '{file}' from its extension: pass --format csv or --format json.");
                }
            }

            var dryRun = result.GetValue(DryRun);
            Uri? botUrl = null;
            var botText = FirstNonBlank(result.GetValue(Bot), environment(RunCommand.BotUrlVariable));
            if (botText is null)
            {
                if (!dryRun)
                {
                    errors.Add($"Missing the BotServer address: pass --bot http://127.0.0.1:5080 or set {RunCommand.BotUrlVariable}.");
                }
            }
            else if (!Uri.TryCreate(botText, UriKind.Absolute, out botUrl) || botUrl.Scheme is not ("http" or "https"))
            {
                errors.Add($"The BotServer address '{botText}' is not an http:// or https:// URL; for a local BotServer use http://127.0.0.1:5080.");
            }

            var apiKey = FirstNonBlank(result.GetValue(ApiKey), environment(RunCommand.ApiKeyVariable));
            if (apiKey is null && !dryRun)
            {
                errors.Add($"Missing the API key: pass --api-key KEY or set {RunCommand.ApiKeyVariable}.");
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }
            return (new ImportSettings(file!, format!.Value, FirstNonBlank(result.GetValue(Merchant)), botUrl, apiKey, dryRun), errors);
        }

        private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
    }
}
