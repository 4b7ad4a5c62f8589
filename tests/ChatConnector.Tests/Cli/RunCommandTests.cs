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
