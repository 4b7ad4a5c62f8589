using System.CommandLine;
using System.CommandLine.Invocation;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary>
/// Runs even when parsing failed and reports the parse errors itself, so that every usage
/// error, a misspelt option included, exits with 64: the parser's own exit code, 1, means
/// a failed call for the commands that use this.
/// </summary>
internal sealed class UsageCheckedAction(string helpPath, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var problems = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(token => $"Unknown option or argument '{token}'."))
            .ToList();
        if (problems.Count == 0)
        {
            return await run(parseResult, cancellationToken);
        }
        var error = parseResult.InvocationConfiguration.Error;
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem);
        }
        await error.WriteLineAsync($"See: {helpPath}");
        return RunCommand.UsageError;
    }
}
