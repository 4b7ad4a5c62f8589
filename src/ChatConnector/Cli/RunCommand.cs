using System.CommandLine;
using ChatCommerce.ChatConnector.Platforms.Console;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary><c>chatconnector run</c>: relays one chat platform to the BotServer until stopped.</summary>
public static class RunCommand
{
    public const string BotUrlVariable = "CHATCOMMERCE_BOT_URL";
    public const string ApiKeyVariable = "CHATCOMMERCE_API_KEY";

    /// <summary>Exit code for invalid options (the sysexits EX_USAGE value).</summary>
    public const int UsageError = 64;

    private const string Description = """
        Relay a group chat to the ChatCommerce BotServer over one gRPC stream.

        Example: a group chat in this terminal against a BotServer on this machine:
          chatconnector run --platform console --bot http://127.0.0.1:5080 --api-key KEY --user alice
        then type lines such as "有什么耳机推荐" or "bob: @shopbot 500以内的耳机"; /help in the chat
        shows the line syntax and /quit leaves.
        """;

    public static Command Create() => Create(Environment.GetEnvironmentVariable, ConnectorHost.RunAsync);

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="run">Runs the connector with the validated settings and returns the exit code.</param>
    public static Command Create(Func<string, string?> environment, Func<ConnectorSettings, CancellationToken, Task<int>> run)
    {
        var options = new RunOptions();
        var command = new Command("run", Description)
        {
            options.Platform,
            options.Bot,
            options.ApiKey,
            options.ConnectorId,
            options.Group,
            options.Nick,
            options.User,
            options.AddressAll,
            options.LogLevel,
        };

        // Validated here rather than in a parse validator: defaults and environment variables are
        // only known once parsing has finished.
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (settings, errors) = options.Resolve(parseResult, environment);
            if (settings is null)
            {
                var error = parseResult.InvocationConfiguration.Error;
                foreach (var message in errors)
                {
                    await error.WriteLineAsync(message);
                }

                await error.WriteLineAsync("See: chatconnector run --help");
                return UsageError;
            }

            return await run(settings, cancellationToken);
        });
        return command;
    }

    private sealed class RunOptions
    {
        public Option<string> Platform { get; } = new("--platform")
        {
            Description = $"The chat platform to relay. Available: {string.Join(", ", ConnectorHost.PlatformNames)}.",
            HelpName = "name",
            DefaultValueFactory = _ => ConsoleChatPlatform.PlatformName,
        };

        public Option<string?> Bot { get; } = new("--bot")
        {
            Description = $"The BotServer's gRPC address; http:// is plain-text HTTP/2. Required unless {BotUrlVariable} is set. Example: http://127.0.0.1:5080.",
            HelpName = "url",
        };

        public Option<string?> ApiKey { get; } = new("--api-key")
        {
            Description = $"The merchant or connector API key the BotServer issued (sent as x-api-key). Required unless {ApiKeyVariable} is set.",
            HelpName = "key",
        };

        public Option<string?> ConnectorId { get; } = new("--connector-id")
        {
            Description = "A stable name for this connector instance, shown in the BotServer's logs. Default: <platform>-1, e.g. console-1.",
            HelpName = "id",
        };

        public Option<string> Group { get; } = new("--group")
        {
            Description = "The group the console chat starts in (/group switches).",
            HelpName = "id",
            DefaultValueFactory = _ => "console",
        };

        public Option<string> Nick { get; } = new("--nick")
        {
            Description = "The bot's name in the chat: \"@shopbot …\" and \"shopbot: …\" address it; replies print as \"shopbot> …\".",
            HelpName = "name",
            DefaultValueFactory = _ => "shopbot",
        };

        public Option<string> User { get; } = new("--user")
        {
            Description = "Who says console lines without a \"name:\" prefix, until someone else speaks.",
            HelpName = "name",
            DefaultValueFactory = _ => "me",
        };

        public Option<bool> AddressAll { get; } = new("--address-all")
        {
            Description = "Treat every line as addressed to the bot; on by default because the console is a demo. With --address-all false the bot answers only lines that address it.",
            DefaultValueFactory = _ => true,
        };

        public Option<LogLevel> LogLevel { get; } = new("--log-level")
        {
            Description = "The lowest level of log lines written to stderr: Trace, Debug, Information, Warning, Error, Critical or None.",
            HelpName = "level",
            DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning,
        };

        public RunOptions() => Platform.AcceptOnlyFromAmong([.. ConnectorHost.PlatformNames]);

        public (ConnectorSettings? Settings, List<string> Errors) Resolve(ParseResult result, Func<string, string?> environment)
        {
            var errors = new List<string>();
            var platform = result.GetValue(Platform) ?? ConsoleChatPlatform.PlatformName;

            var botText = FirstNonBlank(result.GetValue(Bot), environment(BotUrlVariable));
            Uri? botUrl = null;
            if (botText is null)
            {
                errors.Add($"Missing the BotServer address: pass --bot http://127.0.0.1:5080 or set {BotUrlVariable}.");
            }
            else if (!Uri.TryCreate(botText, UriKind.Absolute, out botUrl) || botUrl.Scheme is not ("http" or "https"))
            {
                errors.Add($"The BotServer address '{botText}' is not an http:// or https:// URL; for a local BotServer use http://127.0.0.1:5080.");
            }

            var apiKey = FirstNonBlank(result.GetValue(ApiKey), environment(ApiKeyVariable));
            if (apiKey is null)
            {
                errors.Add($"Missing the API key: pass --api-key KEY or set {ApiKeyVariable}.");
            }

            var connectorId = FirstNonBlank(result.GetValue(ConnectorId)) ?? $"{platform}-1";
            if (connectorId.Any(char.IsWhiteSpace))
            {
                errors.Add($"--connector-id '{connectorId}' must not contain spaces.");
            }

            var group = result.GetValue(Group) ?? "";
            if (!ConsoleLineParser.IsValidGroupId(group))
            {
                errors.Add($"--group '{group}' must be 1–{ConsoleLineParser.MaxGroupIdLength} characters without spaces.");
            }

            var nick = result.GetValue(Nick) ?? "";
            if (!ConsoleLineParser.IsValidSpeaker(nick))
            {
                errors.Add($"--nick '{nick}' must be 1–{ConsoleLineParser.MaxSpeakerLength} characters without spaces, '.', '/', '@' or ':'.");
            }

            var user = result.GetValue(User) ?? "";
            if (!ConsoleLineParser.IsValidSpeaker(user))
            {
                errors.Add($"--user '{user}' must be 1–{ConsoleLineParser.MaxSpeakerLength} characters without spaces, '.', '/', '@' or ':'.");
            }
            else if (user.Equals(nick, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"--user '{user}' is the bot's name; pick another one.");
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new ConnectorSettings(
                platform,
                botUrl!,
                apiKey!,
                connectorId,
                group,
                nick,
                user,
                result.GetValue(AddressAll),
                result.GetValue(LogLevel)), errors);
        }

        private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
    }
}
