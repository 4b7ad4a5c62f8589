using System.Text.Json;
using ChatCommerce.BotServer.Tests.Support;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed record LabelledEntity(string Type, string Value);

public sealed record LabelledMessage(string Id, string Language, string Text, string Intent, IReadOnlyList<LabelledEntity> Entities);

/// <summary>The held-out labelled messages (tests/BotServer.Tests/data/intents), never trained on.</summary>
public static class LabelledTestSet
{
    public static IReadOnlyList<LabelledMessage> Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "tests", "BotServer.Tests", "data", "intents", "labelled-test-set.jsonl");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return File.ReadLines(path)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonSerializer.Deserialize<LabelledMessage>(line, options)!)
            .ToList();
    }
}
