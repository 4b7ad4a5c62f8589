using System.Collections.Frozen;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Intents;

/// <summary>
/// One character in, one character out (so entity offsets stay offsets in the original text):
/// full-width forms to half-width, lower case, common traditional characters to simplified.
/// </summary>
public static class TextNormalizer
{
    public static readonly string TablePath = Path.Combine(AppContext.BaseDirectory, "Intents", "Data", "traditional-simplified.tsv");

    private static readonly Lazy<FrozenDictionary<char, char>> Simplified = new(LoadTable);

    public static string Normalize(string text)
    {
        var folded = TextTokens.Fold(text);
        var table = Simplified.Value;
        if (table.Count == 0)
        {
            return folded;
        }
        return string.Create(folded.Length, (folded, table), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.folded[i];
                span[i] = state.table.TryGetValue(c, out var simplified) ? simplified : c;
            }
        });
    }

    /// <summary>"zh" when the text has Chinese characters, else "en".</summary>
    public static string DetectLanguage(string normalised) => TextTokens.HasCjk(normalised) ? "zh" : "en";

    private static FrozenDictionary<char, char> LoadTable()
    {
        if (!File.Exists(TablePath))
        {
            return FrozenDictionary<char, char>.Empty;
        }
        var pairs = new Dictionary<char, char>();
        foreach (var line in File.ReadLines(TablePath))
        {
            // "traditional<TAB>simplified", single BMP characters; other lines are comments.
            if (line.Length == 3 && line[1] == '\t')
            {
                pairs[line[0]] = line[2];
            }
        }
        return pairs.ToFrozenDictionary();
    }
}
