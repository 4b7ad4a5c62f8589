using System.Globalization;
using System.Text;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>
/// Splits text into search tokens: lower-case latin/digit words, and for Chinese runs the
/// character bigrams (plus the lone character of a one-character run). Full-width forms are
/// folded to half-width first.
/// </summary>
public static class TextTokens
{
    public static IEnumerable<string> Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        var folded = Fold(text);
        var word = new StringBuilder();
        var cjk = new StringBuilder();
        foreach (var rune in folded.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                foreach (var token in FlushWord(word))
                {
                    yield return token;
                }
                cjk.Append(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                foreach (var token in FlushCjk(cjk))
                {
                    yield return token;
                }
                word.Append(rune.ToString());
            }
            else
            {
                foreach (var token in FlushWord(word).Concat(FlushCjk(cjk)))
                {
                    yield return token;
                }
            }
        }
        foreach (var token in FlushWord(word).Concat(FlushCjk(cjk)))
        {
            yield return token;
        }
    }

    /// <summary>Full-width ASCII to half-width, lower case.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        }
        return builder.ToString().ToLower(CultureInfo.InvariantCulture);
    }

    public static bool IsCjk(Rune rune) =>
        rune.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0xF900 and <= 0xFAFF;

    public static bool HasCjk(string text) => text.EnumerateRunes().Any(IsCjk);

    private static IEnumerable<string> FlushWord(StringBuilder word)
    {
        if (word.Length == 0)
        {
            return [];
        }
        var token = word.ToString();
        word.Clear();
        return [token];
    }

    private static IEnumerable<string> FlushCjk(StringBuilder cjk)
    {
        if (cjk.Length == 0)
        {
            return [];
        }
        var runes = cjk.ToString().EnumerateRunes().Select(r => r.ToString()).ToArray();
        cjk.Clear();
        if (runes.Length == 1)
        {
            return runes;
        }
        var bigrams = new string[runes.Length - 1];
        for (var i = 0; i < bigrams.Length; i++)
        {
            bigrams[i] = runes[i] + runes[i + 1];
        }
        return bigrams;
    }
}
