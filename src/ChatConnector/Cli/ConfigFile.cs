using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;

namespace ChatCommerce.ChatConnector.Cli;

/// <summary>
/// <c>--config connector.json</c>: a JSON object whose keys are a command's option names without
/// the dashes ("platform", "irc-server", "channel": ["#a", "#b"]). Its values become command-line
/// tokens placed before the real ones, and only for options the command line did not give,
/// so the command line wins and both are validated the same way.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The parse with the file's settings merged in, or null when no file was named.</summary>
    public static (ParseResult Result, List<string> Errors)? Apply(Command command, ParseResult parsed, Option<FileInfo?> configOption)
    {
        if (parsed.GetValue(configOption) is not { } file)
        {
            return null;
        }

        var errors = new List<string>();
        var tokens = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file.FullName), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"--config {file.Name}: the file must hold one JSON object.");
            }
            else
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    AddTokens(command, parsed, property, tokens, errors, file.Name);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add($"--config {file.Name}: {e.Message}");
        }

        // The command's own name is among the tokens when it runs as a subcommand; parsed on its own it is the root.
        var given = parsed.Tokens.Where(token => token.Type != TokenType.Command).Select(token => token.Value);
        var merged = command.Parse([.. tokens, .. given]);
        errors.AddRange(merged.Errors.Select(error => error.Message));
        return (merged, errors);
    }

    private static void AddTokens(Command command, ParseResult parsed, JsonProperty property, List<string> tokens, List<string> errors, string fileName)
    {
        var option = command.Options.FirstOrDefault(o => o.Name == "--" + property.Name);
        if (option is null || option.Name == "--config")
        {
            errors.Add($"--config {fileName}: unknown setting '{property.Name}'.");
            return;
        }

        if (parsed.GetResult(option) is { Implicit: false })
        {
            return;
        }

        IEnumerable<JsonElement> values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : [property.Value];
        foreach (var value in values)
        {
            tokens.Add(option.Name);
            tokens.Add(value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            });
        }
    }
}
