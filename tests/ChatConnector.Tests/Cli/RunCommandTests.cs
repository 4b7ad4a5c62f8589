using System.CommandLine;
using ChatCommerce.ChatConnector.Cli;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.Cli;

public sealed class RunCommandTests
{
    private readonly Dictionary<string, string> _environment = [];
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private ConnectorSettings? _started;

    [Fact]
    public async Task ValidOptionsStartTheConnector()
    {
        var exitCode = await InvokeAsync(
            "run", "--platform", "console", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY",
            "--connector-id", "desk-1", "--group", "demo-group", "--nick", "dealbot", "--user", "alice",
            "--address-all", "false", "--log-level", "Debug");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            new ConnectorSettings("console", new Uri("http://127.0.0.1:5080"), "KEY", "desk-1", "demo-group", "dealbot", "alice", false, LogLevel.Debug),
            _started);
    }

    [Fact]
    public async Task DefaultsSuitTheConsoleDemo()
    {
        await InvokeAsync("run", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.Equal(
            new ConnectorSettings("console", new Uri("http://127.0.0.1:5080"), "KEY", "console-1", "console", "shopbot", "me", true, LogLevel.Warning),
            _started);
    }

    [Fact]
    public async Task EnvironmentVariablesStandInForMissingOptions()
    {
        _environment[RunCommand.BotUrlVariable] = "http://bot.internal:5080";
        _environment[RunCommand.ApiKeyVariable] = "ENV-KEY";

        Assert.Equal(0, await InvokeAsync("run"));

        Assert.Equal(new Uri("http://bot.internal:5080"), _started!.BotUrl);
        Assert.Equal("ENV-KEY", _started.ApiKey);
    }

    [Fact]
    public async Task OptionsWinOverEnvironmentVariables()
    {
        _environment[RunCommand.BotUrlVariable] = "http://bot.internal:5080";
        _environment[RunCommand.ApiKeyVariable] = "ENV-KEY";

        await InvokeAsync("run", "--bot", "http://127.0.0.1:6000", "--api-key", "CLI-KEY");

        Assert.Equal(new Uri("http://127.0.0.1:6000"), _started!.BotUrl);
        Assert.Equal("CLI-KEY", _started.ApiKey);
    }

    [Fact]
    public async Task MissingAddressAndKeyAreReportedTogetherWithHowToFixThem()
    {
        var exitCode = await InvokeAsync("run");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Null(_started);
        var error = _error.ToString();
        Assert.Contains("--bot", error);
        Assert.Contains(RunCommand.BotUrlVariable, error);
        Assert.Contains("--api-key", error);
        Assert.Contains(RunCommand.ApiKeyVariable, error);
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public async Task BotAddressMustBeAnHttpUrl(string bot)
    {
        var exitCode = await InvokeAsync("run", "--bot", bot, "--api-key", "KEY");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("http://127.0.0.1:5080", _error.ToString());
        Assert.Null(_started);
    }

    [Theory]
    [InlineData("--user", "a b")]
    [InlineData("--user", "shopbot")]
    [InlineData("--nick", "http://x")]
    [InlineData("--group", "two words")]
    [InlineData("--connector-id", "my connector")]
    public async Task NamesThatCannotWorkInTheChatAreRefused(string option, string value)
    {
        var exitCode = await InvokeAsync("run", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY", option, value);

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains(option, _error.ToString());
    }

    [Fact]
    public async Task UnknownPlatformIsRefused()
    {
        var exitCode = await InvokeAsync("run", "--platform", "slack", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.NotEqual(0, exitCode);
        Assert.Null(_started);
        Assert.Contains("slack", _error.ToString());
    }

    [Fact]
    public async Task HelpShowsAnExampleAndEveryOptionIsDescribed()
    {
        var command = RunCommand.Create(_ => null, (_, _) => Task.FromResult(0));

        await InvokeAsync("run", "--help");

        Assert.Contains("chatconnector run --platform console --bot http://127.0.0.1:5080 --api-key KEY", _output.ToString());
        Assert.All(command.Options, option => Assert.False(string.IsNullOrWhiteSpace(option.Description), option.Name));
    }

    [Fact]
    public async Task AnIrcConnectorJoinsEveryChannelGivenAndKeepsItsQueueOnDiskByDefault()
    {
        var exitCode = await InvokeAsync(
            "run", "--platform", "irc", "--irc-server", "irc.example.net:6697", "--channel", "#deals", "--channel", "#gifts",
            "--nick", "shopbot", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.Equal(0, exitCode);
        Assert.Equal(("irc.example.net", 6697), (_started!.Irc!.Host, _started.Irc.Port));
        Assert.Equal(["#deals", "#gifts"], _started.Irc.Channels);
        Assert.Equal(ConnectorSettings.DefaultQueueDirectory("irc-1"), _started.QueueDirectory);
    }

    [Theory]
    [InlineData("--irc-server", "irc.example.net", "host:port")]
    [InlineData("--channel", "deals", "must start with '#'")]
    public async Task IrcSettingsThatCannotWorkAreRefusedWithAnExample(string option, string value, string hint)
    {
        var exitCode = await InvokeAsync("run", "--platform", "irc", option, value, "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains(hint, _error.ToString());
    }

    [Fact]
    public async Task AWebhookConnectorNeedsAReplyUrlAndASecretOfSixteenCharacters()
    {
        var exitCode = await InvokeAsync("run", "--platform", "webhook", "--webhook-secret", "short", "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("--webhook-reply-url", _error.ToString());
        Assert.Contains("--webhook-secret", _error.ToString());
    }

    [Fact]
    public async Task ATelegramTokenMayComeFromTheEnvironmentAndTheApiUrlFromTheCommandLine()
    {
        _environment[RunCommand.TelegramTokenVariable] = "123456:TEST";

        await InvokeAsync("run", "--platform", "telegram", "--telegram-api-url", "http://127.0.0.1:8081", "--queue-dir", "none",
            "--bot", "http://127.0.0.1:5080", "--api-key", "KEY");

        Assert.Equal(new TelegramSettings("123456:TEST", new Uri("http://127.0.0.1:8081")), _started!.Telegram);
        Assert.Null(_started.QueueDirectory);
    }

    [Fact]
    public async Task AConfigFileSuppliesTheSettingsAndTheCommandLineWins()
    {
        var file = Path.Combine(Path.GetTempPath(), $"connector-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, """
            {
              // comments are allowed
              "platform": "webhook",
              "bot": "http://bot.internal:5080",
              "api-key": "FILE-KEY",
              "webhook-listen": "http://127.0.0.1:9000",
              "webhook-reply-url": "https://robot.example/replies",
              "webhook-secret": "0123456789abcdef",
              "webhook-per-minute": 30,
              "queue-dir": "/var/lib/chatconnector"
            }
            """);
        try
        {
            var exitCode = await InvokeAsync("run", "--config", file, "--api-key", "CLI-KEY");

            Assert.True(exitCode == 0, _error.ToString());
            Assert.Equal(("webhook", new Uri("http://bot.internal:5080"), "CLI-KEY"), (_started!.Platform, _started.BotUrl, _started.ApiKey));
            Assert.Equal(new WebhookSettings(new Uri("http://127.0.0.1:9000"), new Uri("https://robot.example/replies"), "0123456789abcdef", 30), _started.Webhook);
            Assert.Equal("/var/lib/chatconnector", _started.QueueDirectory);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnUnknownSettingInTheConfigFileIsReported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"connector-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, """{ "bot": "http://127.0.0.1:5080", "api-key": "K", "chanel": "#deals" }""");
        try
        {
            Assert.Equal(RunCommand.UsageError, await InvokeAsync("run", "--config", file));
            Assert.Contains("unknown setting 'chanel'", _error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand
        {
            RunCommand.Create(
                name => _environment.GetValueOrDefault(name),
                (settings, _) =>
                {
                    _started = settings;
                    return Task.FromResult(0);
                }),
        };
        var configuration = new InvocationConfiguration { Output = _output, Error = _error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration);
    }
}
