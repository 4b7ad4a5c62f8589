using System.CommandLine;
using System.Text;
using ChatCommerce.ChatConnector.Parsing;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary><c>chatconnector parse</c>: JSON lines of texts on stdin, one parsed intent per line on stdout.</summary>
public static class ParseCommand
{
    /// <summary>Exit code when the BotServer refused the key or could not be reached; the lines before were answered.</summary>
    public const int CallFailed = 1;

    /// <summary>Exit code when some lines got an error line instead of an intent.</summary>
    public const int SomeFailed = 2;

    private const string HelpPath = "chatconnector parse --help";

    private const string Description = """
        Parse texts with the BotServer's intent parser (ParseIntent), one JSON line in, one JSON line out.

        Input, on stdin: one JSON object per line with a "text" and optionally "language" (zh or en),
        "merchant_id" and "group_id", which override --language and --merchant; other fields are ignored.
          {"text": "推荐一款500元以内的耳机"}
          {"text": "hey there", "language": "en", "id": 7}

        Output, on stdout, line N for input line N: the ParsedIntent in the API's JSON form, e.g.
          { "intent": "greet", "confidence": 0.99, "language": "en", "entities": [ ] }
        or, for a line that is not such a JSON object, {"error": "..."}, or, for a line the BotServer
        refused, {"error": "...", "code": "InvalidArgument"} (the gRPC status); later lines go on.

        Exit codes: 0 every line parsed, 2 some lines got an error line, 1 the API key was refused or
        the BotServer could not be reached (output stops there), 64 bad options.

        Example, against a BotServer on this machine:
          echo '{"text": "請問這個耳機多少錢"}' | chatconnector parse --bot http://127.0.0.1:5080 --api-key KEY
        """;

    public static Command Create() => Create(
        Environment.GetEnvironmentVariable,
        () => new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false)),
        () => new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)));

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="openInput">Opens the JSON lines to parse.</param>
    /// <param name="openOutput">Opens where the answers go; null for the invocation's output (tests).</param>
    public static Command Create(Func<string, string?> environment, Func<TextReader> openInput, Func<TextWriter>? openOutput = null)
    {
        var options = new ParseOptions();
        var command = new Command("parse", Description)
        {
            options.Bot,
            options.ApiKey,
            options.Merchant,
            options.Language,
        };
        command.Action = new UsageCheckedAction(HelpPath, async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var (settings, errors) = options.Resolve(parseResult, environment);
            if (settings is null)
            {
                foreach (var message in errors)
                {
                    await error.WriteLineAsync(message);
                }
                await error.WriteLineAsync($"See: {HelpPath}");
                return RunCommand.UsageError;
            }

            using var input = openInput();
            // Console output is UTF-8 here whatever the console's code page: JSON text is UTF-8.
            var ownOutput = openOutput?.Invoke();
            try
            {
                return await ParseAsync(settings, input, ownOutput ?? parseResult.InvocationConfiguration.Output, error, cancellationToken);
            }
            finally
            {
                ownOutput?.Dispose();
            }
        });
        return command;
    }

    private static async Task<int> ParseAsync(ParseSettings settings, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var channel = RelayServiceCollectionExtensions.CreateChannel(settings.BotUrl, NullLoggerFactory.Instance);
        var parser = new BatchIntentParser(new ChatBot.ChatBotClient(channel), settings.ApiKey, settings.Merchant, settings.Language);
        var failed = 0;
        try
        {
            await foreach (var outcome in parser.ParseLinesAsync(input, cancellationToken))
            {
                failed += outcome is LineFailed ? 1 : 0;
                await output.WriteLineAsync(outcome.ToJsonLine());
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (RpcException e)
        {
            await error.WriteLineAsync($"Parse stopped: {e.StatusCode}: {e.Status.Detail}");
            await error.WriteLineAsync(e.StatusCode == StatusCode.Unauthenticated
                ? $"Check --api-key or {RunCommand.ApiKeyVariable}."
                : $"Is the BotServer running at {settings.BotUrl}?");
            return CallFailed;
        }
        return failed == 0 ? 0 : SomeFailed;
    }

    /// <summary>What <c>parse</c> was asked to do, validated.</summary>
    private sealed record ParseSettings(Uri BotUrl, string ApiKey, string? Merchant, string? Language);

    private sealed class ParseOptions
    {
        public Option<string?> Bot { get; } = new("--bot")
        {
            Description = $"The BotServer's gRPC address; http:// is plain-text HTTP/2. Required unless {RunCommand.BotUrlVariable} is set. Example: http://127.0.0.1:5080.",
            HelpName = "url",
        };

        public Option<string?> ApiKey { get; } = new("--api-key")
        {
            Description = $"The admin, merchant or connector API key (sent as x-api-key). Required unless {RunCommand.ApiKeyVariable} is set.",
            HelpName = "key",
        };

        public Option<string?> Merchant { get; } = new("--merchant")
        {
            Description = "The merchant whose catalog names brands, categories and products, for lines without \"merchant_id\". Admin key only; other keys imply their merchant. Default: the BotServer's default merchant.",
            HelpName = "id",
        };

        public Option<string?> Language { get; } = new("--language")
        {
            Description = "zh or en: parse lines without \"language\" as this language. Default: detect each line's language.",
            HelpName = "zh|en",
        };

        public (ParseSettings? Settings, List<string> Errors) Resolve(ParseResult result, Func<string, string?> environment)
        {
            var errors = new List<string>();

            Uri? botUrl = null;
            var botText = FirstNonBlank(result.GetValue(Bot), environment(RunCommand.BotUrlVariable));
            if (botText is null)
            {
                errors.Add($"Missing the BotServer address: pass --bot http://127.0.0.1:5080 or set {RunCommand.BotUrlVariable}.");
            }
            else if (!Uri.TryCreate(botText, UriKind.Absolute, out botUrl) || botUrl.Scheme is not ("http" or "https"))
            {
                errors.Add($"The BotServer address '{botText}' is not an http:// or https:// URL; for a local BotServer use http://127.0.0.1:5080.");
            }

            var apiKey = FirstNonBlank(result.GetValue(ApiKey), environment(RunCommand.ApiKeyVariable));
            if (apiKey is null)
            {
                errors.Add($"Missing the API key: pass --api-key KEY or set {RunCommand.ApiKeyVariable}.");
            }

            var language = FirstNonBlank(result.GetValue(Language))?.ToLowerInvariant();
            if (language is not (null or "zh" or "en"))
            {
                errors.Add($"--language '{language}' must be zh or en.");
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }
            return (new ParseSettings(botUrl!, apiKey!, FirstNonBlank(result.GetValue(Merchant)), language), errors);
        }

        private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
    }
}
