using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// References to an item of the last list the bot showed: "第二个", "第2款", "2号", "#2",
/// "the 2nd one", "the second", "number 3", "no. 3", "上面那个"/"刚才那款" (= the first).
/// Values are 1-based.
/// </summary>
public static partial class OrdinalExtractor
{
    private static readonly string[] EnglishOrdinals = ["first", "second", "third", "fourth", "fifth"];

    // Every alternative of the pattern below holds one of these: a digit, 第, an English ordinal, or "上面那"/"刚才那".
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "第", .. EnglishOrdinals, "上面那", "刚才那"], StringComparison.Ordinal);

    [GeneratedRegex(@"第\s*(?<n>[0-9]{1,2}(?![0-9])|[一二两三四五六七八九十]{1,2})\s*(?:个|款|件|种|样|项|条|名)?|(?<n>[0-9]{1,2})\s*号(?![码楼])|#\s*(?<n>[0-9]{1,2})\b|\b(?:no\.?|number|item|option)\s*(?<n>[0-9]{1,2})\b|\b(?:the\s+)?(?<n>[0-9]{1,2})(?:st|nd|rd|th)\b|\b(?:the\s+)?(?<w>first|second|third|fourth|fifth)\b(?:\s+one)?|(?<that>上面那个|上面那款|刚才那个|刚才那款)", RegexOptions.CultureInvariant)]
    private static partial Regex Ordinal();

    public static IReadOnlyList<EntityMatch> Extract(string folded, string original)
    {
        if (!folded.AsSpan().ContainsAny(Cues))
        {
            return [];
        }
        foreach (Match m in Ordinal().Matches(folded))
        {
            int value;
            if (m.Groups["that"].Success)
            {
                value = 1;
            }
            else if (m.Groups["w"].Success)
            {
                value = Array.IndexOf(EnglishOrdinals, m.Groups["w"].Value) + 1;
            }
            else if (!TryNumber(m.Groups["n"].Value, out value))
            {
                continue;
            }
            if (value is < 1 or > 20)
            {
                continue;
            }
            return [new EntityMatch("ordinal", value.ToString(CultureInfo.InvariantCulture), original.Substring(m.Index, m.Length), m.Index, m.Index + m.Length)];
        }
        return [];
    }

    private static bool TryNumber(string text, out int value)
    {
        value = 0;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        if (Numbers.TryParseChinese(text, out var parsed))
        {
            value = (int)parsed;
            return true;
        }
        return false;
    }
}
