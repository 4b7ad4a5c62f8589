using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ChatCommerce.ChatConnector.Parsing;

/// <summary>One text to parse, with the optional language, merchant and group to parse it for.</summary>
/// <param name="Language">"zh" or "en" to force a language; null to use the default (or detect it).</param>
/// <param name="MerchantId">The merchant whose catalog names products; null for the default.</param>
/// <param name="GroupId">The group, for context such as the last list shown; null for none.</param>
public sealed record IntentQuery(string Text, string? Language = null, string? MerchantId = null, string? GroupId = null)
{
    /// <summary>
    /// Reads one JSON line such as <c>{"text": "500以内的耳机", "language": "zh"}</c>. "text" is
    /// required; "language", "merchant_id" and "group_id" (or their lowerCamelCase spellings
    /// "merchantId" and "groupId") are optional strings, a blank one counting as absent; other
    /// fields are ignored.
    /// </summary>
    public static bool TryRead(string line, [NotNullWhen(true)] out IntentQuery? query, [NotNullWhen(false)] out string? error)
    {
        query = null;
        line = line.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(line))
        {
            error = """empty line: expected a JSON object such as {"text": "..."}""";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $$"""expected a JSON object such as {"text": "..."}, not {{Describe(root.ValueKind)}}""";
                return false;
            }
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                error = "\"text\" is missing or not a string";
                return false;
            }
            if (!TryGetOptional(root, out var language, "language", null, out error)
                || !TryGetOptional(root, out var merchantId, "merchant_id", "merchantId", out error)
                || !TryGetOptional(root, out var groupId, "group_id", "groupId", out error))
            {
                return false;
            }
            query = new IntentQuery(text.GetString()!, language, merchantId, groupId);
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
        catch (InvalidOperationException e)
        {
            // GetString on an escaped lone surrogate ("\ud800"): JSON that is not valid UTF-16 text.
            error = $"not valid text: {e.Message}";
            return false;
        }
    }

    private static bool TryGetOptional(JsonElement root, out string? value, string name, string? otherName, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) && (otherName is null || !root.TryGetProperty(otherName, out element)))
        {
            return true;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                var text = element.GetString()!.Trim();
                value = text.Length == 0 ? null : text;
                return true;
            default:
                error = $"\"{name}\" must be a string, not {Describe(element.ValueKind)}";
                return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
