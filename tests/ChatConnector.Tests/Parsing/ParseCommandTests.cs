using System.CommandLine;
using System.Text.Json;
using ChatCommerce.ChatConnector.Cli;
using ChatCommerce.ChatConnector.Parsing;
using ChatCommerce.ChatConnector.Tests.Catalog;
using ChatCommerce.Contracts.V1;
using Google.Protobuf;

namespace ChatCommerce.ChatConnector.Tests.Parsing;

/// <summary><c>chatconnector parse</c> against the real BotServer over gRPC.</summary>
public sealed class ParseCommandTests(BotServerHost server) : IClassFixture<BotServerHost>
{
    private const string ChineseBudgetQuestion = "推荐一款500元以内的耳机";

    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task EachLineGetsItsIntentOrItsErrorOnOneOutputLineInInputOrder()
    {
        var exitCode = await ParseAsync(
            $$"""
            {"text": "{{ChineseBudgetQuestion}}", "id": 1, "tags": ["a", 2], "sender": null}
            {"text": "hey there"}
            {"text": "unterminated
            """);

        Assert.Equal(ParseCommand.SomeFailed, exitCode);
        var lines = OutputLines();
        Assert.Equal(3, lines.Count);

        var question = JsonParser.Default.Parse<ParsedIntent>(lines[0]);
        Assert.Equal("recommend", question.Intent);
        Assert.Equal("zh", question.Language);
        var budget = Assert.Single(question.Entities, e => e.Type == "budget_max");
        Assert.Equal("500", budget.Value);
        Assert.Equal(ChineseBudgetQuestion[budget.Start..budget.End], budget.Text);
        Assert.Contains("\"entities\":", lines[0]);

        var greeting = JsonParser.Default.Parse<ParsedIntent>(lines[1]);
        Assert.Equal("greet", greeting.Intent);
        Assert.Equal("en", greeting.Language);
        Assert.Empty(greeting.Entities);

        using var malformed = JsonDocument.Parse(lines[2]);
        Assert.StartsWith("not valid JSON", malformed.RootElement.GetProperty("error").GetString());
        Assert.False(malformed.RootElement.TryGetProperty("code", out _));
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public async Task ALineTheBotServerRefusesGetsItsStatusCodeAndLaterLinesGoOn()
    {
        var exitCode = await ParseAsync(
            """
            {"text": "hello", "language": "fr"}
            {"text": "help", "merchant_id": "no-such-merchant"}
            {"text": "help", "merchantId": "demo", "group_id": "g1"}
            """);

        Assert.Equal(ParseCommand.SomeFailed, exitCode);
        var lines = OutputLines();
        Assert.Equal(3, lines.Count);
        AssertError(lines[0], "InvalidArgument", "language");
        AssertError(lines[1], "NotFound", "no-such-merchant");
        Assert.Equal("help", JsonParser.Default.Parse<ParsedIntent>(lines[2]).Intent);
    }

    [Fact]
    public async Task ManyLinesComeBackInInputOrderAndExitWith0WhenAllParse()
    {
        var numbers = Enumerable.Range(1, 3 * BatchIntentParser.MaxInFlight + 1).ToList();

        var exitCode = await ParseAsync(string.Join('\n', numbers.Select(n => $$"""{"text": "how much is #{{n}}?", "language": "en"}""")));

        Assert.Equal(0, exitCode);
        Assert.Equal(
            numbers.Select(n => n.ToString()),
            OutputLines().Select(line => Assert.Single(JsonParser.Default.Parse<ParsedIntent>(line).Entities, e => e.Type == "ordinal").Value));
    }

    [Fact]
    public async Task TraditionalChineseParsesLikeSimplifiedWithOffsetsIntoTheOriginalText()
    {
        const string traditional = "推薦一款500元以內的耳機";

        var exitCode = await ParseAsync($$"""{"text": "{{traditional}}"}""", ["--language", "zh"]);

        Assert.Equal(0, exitCode);
        var parsed = JsonParser.Default.Parse<ParsedIntent>(Assert.Single(OutputLines()));
        Assert.Equal("recommend", parsed.Intent);
        var budget = Assert.Single(parsed.Entities, e => e.Type == "budget_max");
        Assert.Equal("500", budget.Value);
        Assert.Equal(traditional[budget.Start..budget.End], budget.Text);
    }

    [Fact]
    public async Task AWrongApiKeyStopsWithExitCode1()
    {
        var exitCode = await ParseAsync(
            """
            {"text": "hey there"}
            {"text": "help"}
            """,
            apiKey: "not-a-key");

        Assert.Equal(ParseCommand.CallFailed, exitCode);
        Assert.Empty(_output.ToString());
        Assert.Contains("Unauthenticated", _error.ToString());
        Assert.Contains(RunCommand.ApiKeyVariable, _error.ToString());
    }

    [Fact]
    public async Task NoBotServerAtTheAddressStopsWithExitCode1()
    {
        var exitCode = await InvokeAsync("""{"text": "help"}""", "parse", "--bot", "http://127.0.0.1:9", "--api-key", "KEY");

        Assert.Equal(ParseCommand.CallFailed, exitCode);
        Assert.Empty(_output.ToString());
        Assert.Contains("Is the BotServer running at http://127.0.0.1:9", _error.ToString());
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("parse", "--api-key", "KEY")]
    [InlineData("parse", "--bot", "127.0.0.1:5080", "--api-key", "KEY")]
    [InlineData("parse", "--bot", "http://127.0.0.1:9", "--api-key", "KEY", "--language", "fr")]
    [InlineData("parse", "--bot", "http://127.0.0.1:9", "--api-key", "KEY", "--mechant", "demo")]
    [InlineData("parse", "--bot", "http://127.0.0.1:9", "--api-key", "KEY", "extra")]
    public async Task UsageErrorsExitWith64AndPointToTheHelp(params string[] args)
    {
        var exitCode = await InvokeAsync("""{"text": "help"}""", args);

        Assert.Equal(RunCommand.UsageError, exitCode);
        Assert.Contains("chatconnector parse --help", _error.ToString());
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task HelpDocumentsTheLineFormatsExitCodesAndAnExample()
    {
        await InvokeAsync("", "parse", "--help");

        var help = _output.ToString();
        Assert.Contains("{\"error\": \"...\", \"code\": \"InvalidArgument\"}", help);
        Assert.Contains("64", help);
        Assert.Contains("| chatconnector parse --bot http://127.0.0.1:5080 --api-key KEY", help);
        Assert.All(
            ParseCommand.Create(_ => null, () => TextReader.Null).Options,
            option => Assert.False(string.IsNullOrWhiteSpace(option.Description), option.Name));
    }

    private static void AssertError(string line, string code, string mentioning)
    {
        using var document = JsonDocument.Parse(line);
        Assert.Equal(code, document.RootElement.GetProperty("code").GetString());
        Assert.Contains(mentioning, document.RootElement.GetProperty("error").GetString());
    }

    private List<string> OutputLines() => [.. _output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private Task<int> ParseAsync(string input, string[]? options = null, string apiKey = BotServerHost.AdminKey) =>
        InvokeAsync(input, ["parse", "--bot", server.GrpcAddress.ToString(), "--api-key", apiKey, .. options ?? []]);

    private async Task<int> InvokeAsync(string input, params string[] args)
    {
        var root = new RootCommand { ParseCommand.Create(_ => null, () => new StringReader(input)) };
        var configuration = new InvocationConfiguration { Output = _output, Error = _error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration);
    }
}
