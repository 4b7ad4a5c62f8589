using System.CommandLine;
using ChatCommerce.ChatConnector.Platforms.Console;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.ChatConnector.Platforms.Telegram;
using ChatCommerce.ChatConnector.Platforms.Webhook;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary><c>chatconnector run</c>: relays one chat platform to the BotServer until stopped.</summary>
public static class RunCommand
{
    public const string BotUrlVariable = "CHATCOMMERCE_BOT_URL";
    public const string ApiKeyVariable = "CHATCOMMERCE_API_KEY";

    /// <summary>Exit code for invalid options (the sysexits EX_USAGE value).</summary>
    public const int UsageError = 64;

    public const string WebhookSecretVariable = "CHATCOMMERCE_WEBHOOK_SECRET";
    public const string TelegramTokenVariable = "CHATCOMMERCE_TELEGRAM_TOKEN";

    private const string Description = """
        Relay group chats to the ChatCommerce BotServer over one gRPC stream.

        Try it in this terminal against a BotServer on this machine:
          chatconnector run --platform console --bot http://127.0.0.1:5080 --api-key KEY --user alice
        then type lines such as "有什么耳机推荐" or "bob: @shopbot 500以内的耳机"; /help in the chat
        shows the line syntax and /quit leaves.

        IRC:      chatconnector run --platform irc --irc-server irc.example.net:6667 --channel '#deals' --nick shopbot --bot URL --api-key KEY
        Webhook:  chatconnector run --platform webhook --webhook-listen http://0.0.0.0:8088 --webhook-reply-url https://robot.example/replies --webhook-secret SECRET --bot URL --api-key KEY
        Telegram: chatconnector run --platform telegram --telegram-token 123456:AA... --bot URL --api-key KEY

        Every option can also come from a JSON file (--config connector.json) whose keys are the
        option names without dashes: {"platform": "irc", "channel": ["#deals", "#gifts"], ...}.
        The command line wins over the file. Unanswered messages are kept in --queue-dir across restarts.
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
            options.IrcServer,
            options.Channel,
            options.IrcPassword,
            options.WebhookListen,
            options.WebhookReplyUrl,
            options.WebhookSecret,
            options.WebhookPerMinute,
            options.TelegramToken,
            options.TelegramApiUrl,
            options.QueueDir,
            options.Config,
            options.LogLevel,
        };

        // Validated here rather than in a parse validator: defaults and environment variables are
        // only known once parsing has finished.
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (settings, errors) = ConfigFile.Apply(command, parseResult, options.Config) is { } merged
                ? options.Resolve(merged.Result, environment, merged.Errors)
                : options.Resolve(parseResult, environment, []);
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
            Description = "The bot's name in the chat: \"@shopbot …\" and \"shopbot: …\" address it. On IRC the nick asked for; on the console replies print as \"shopbot> …\". Telegram uses the bot's own username.",
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

        public Option<string> IrcServer { get; } = new("--irc-server")
        {
            Description = "IRC: the server as host:port (plain text).",
            HelpName = "host:port",
            DefaultValueFactory = _ => "127.0.0.1:6667",
        };

        public Option<string[]> Channel { get; } = new("--channel")
        {
            Description = "IRC: a channel to join, e.g. '#deals' (quote it in the shell); repeat for several. Default: '#' + --group.",
            HelpName = "#name",
        };

        public Option<string?> IrcPassword { get; } = new("--irc-password")
        {
            Description = "IRC: the server password (PASS), if the server needs one.",
            HelpName = "password",
        };

        public Option<string> WebhookListen { get; } = new("--webhook-listen")
        {
            Description = "Webhook: where to listen for group messages (POST <url>/messages).",
            HelpName = "url",
            DefaultValueFactory = _ => "http://127.0.0.1:8088",
        };

        public Option<string?> WebhookReplyUrl { get; } = new("--webhook-reply-url")
        {
            Description = "Webhook: where the bot's replies are POSTed. Required for --platform webhook.",
            HelpName = "url",
        };

        public Option<string?> WebhookSecret { get; } = new("--webhook-secret")
        {
            Description = $"Webhook: the shared secret (16+ characters) both directions sign with (HMAC-SHA256). Required for --platform webhook unless {WebhookSecretVariable} is set.",
            HelpName = "secret",
        };

        public Option<int> WebhookPerMinute { get; } = new("--webhook-per-minute")
        {
            Description = "Webhook: the most replies POSTed for one group in any minute (a quarter of them at once). Group robots allow about 20.",
            HelpName = "n",
            DefaultValueFactory = _ => 20,
        };

        public Option<string?> TelegramToken { get; } = new("--telegram-token")
        {
            Description = $"Telegram: the bot token from @BotFather. Required for --platform telegram unless {TelegramTokenVariable} is set.",
            HelpName = "token",
        };

        public Option<string?> TelegramApiUrl { get; } = new("--telegram-api-url")
        {
            Description = "Telegram: another Bot API server (a local telegram-bot-api, a test double). Default: Telegram's own.",
            HelpName = "url",
        };

        public Option<string?> QueueDir { get; } = new("--queue-dir")
        {
            Description = "Where unanswered messages are kept so they survive a restart; 'none' keeps them in memory. Default: the user's local app data (chatcommerce/connector-queue/<connector-id>), in memory for the console.",
            HelpName = "dir",
        };

        public Option<FileInfo?> Config { get; } = new("--config")
        {
            Description = "A JSON file with any of these options, keyed by name without dashes; the command line wins.",
            HelpName = "file",
        };

        public RunOptions() => Platform.AcceptOnlyFromAmong([.. ConnectorHost.PlatformNames]);

        public (ConnectorSettings? Settings, List<string> Errors) Resolve(ParseResult result, Func<string, string?> environment, IEnumerable<string> configErrors)
        {
            var errors = new List<string>(configErrors);
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

            var irc = platform == IrcChatPlatform.PlatformName ? ResolveIrc(result, group, errors) : null;
            var webhook = platform == WebhookChatPlatform.PlatformName ? ResolveWebhook(result, environment, errors) : null;
            var telegram = platform == TelegramChatPlatform.PlatformName ? ResolveTelegram(result, environment, errors) : null;
            var queueDir = FirstNonBlank(result.GetValue(QueueDir)) switch
            {
                "none" => null,
                null when platform == ConsoleChatPlatform.PlatformName => null,
                null => ConnectorSettings.DefaultQueueDirectory(connectorId),
                var dir => dir,
            };

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
                result.GetValue(LogLevel))
            {
                Irc = irc,
                Webhook = webhook,
                Telegram = telegram,
                QueueDirectory = queueDir,
            }, errors);
        }

        private IrcSettings? ResolveIrc(ParseResult result, string group, List<string> errors)
        {
            var server = result.GetValue(IrcServer) ?? "";
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                errors.Add($"--irc-server '{server}' must be host:port, e.g. irc.libera.chat:6667.");
                return null;
            }

            string[] channels = result.GetValue(Channel) is { Length: > 0 } given ? given : ["#" + group];
            foreach (var channel in channels.Where(channel => !IrcLine.IsChannel(channel) || channel.Any(c => char.IsWhiteSpace(c) || c == ',')))
            {
                errors.Add($"--channel '{channel}' must start with '#' (or '&', '+', '!') and contain no spaces or commas; quote it in the shell: --channel '#deals'.");
            }

            return new IrcSettings(server[..colon], port, channels, FirstNonBlank(result.GetValue(IrcPassword)));
        }

        private WebhookSettings? ResolveWebhook(ParseResult result, Func<string, string?> environment, List<string> errors)
        {
            var listen = ParseHttpUrl(result.GetValue(WebhookListen), "--webhook-listen", errors);
            var reply = ParseHttpUrl(result.GetValue(WebhookReplyUrl), "--webhook-reply-url", errors);
            var secret = FirstNonBlank(result.GetValue(WebhookSecret), environment(WebhookSecretVariable));
            if (secret is null || secret.Length < 16)
            {
                errors.Add($"Missing or short webhook secret: pass --webhook-secret with 16 or more characters or set {WebhookSecretVariable}.");
            }

            var perMinute = result.GetValue(WebhookPerMinute);
            if (perMinute is < 1 or > 6000)
            {
                errors.Add($"--webhook-per-minute {perMinute} must be 1–6000.");
            }

            return listen is null || reply is null || secret is null ? null : new WebhookSettings(listen, reply, secret, perMinute);
        }

        private TelegramSettings? ResolveTelegram(ParseResult result, Func<string, string?> environment, List<string> errors)
        {
            var token = FirstNonBlank(result.GetValue(TelegramToken), environment(TelegramTokenVariable));
            if (token is null || !token.Contains(':'))
            {
                errors.Add($"Missing the Telegram bot token: pass --telegram-token 123456789:AA… (from @BotFather) or set {TelegramTokenVariable}.");
            }

            var apiUrl = FirstNonBlank(result.GetValue(TelegramApiUrl)) is { } text ? ParseHttpUrl(text, "--telegram-api-url", errors) : null;
            return token is null ? null : new TelegramSettings(token, apiUrl);
        }

        private static Uri? ParseHttpUrl(string? text, string option, List<string> errors)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"Missing {option}: an http:// or https:// URL.");
                return null;
            }

            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{option} '{text}' is not an http:// or https:// URL.");
                return null;
            }

            return url;
        }

        private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
    }
}
