using System.Globalization;
using System.Text;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>Text clean-up shared by indexing and querying: any string in, well-formed lower-case text out.</summary>
public static class SearchText
{
    /// <summary>
    /// Replaces lone surrogates and control characters by spaces (so normalisation cannot throw),
    /// folds compatibility forms (full-width letters and digits, ㎏, ①) with NFKC, and lower-cases.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            // Printable ASCII: nothing to clean or fold.
            return text.ToLowerInvariant();
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    /// <summary>Chinese characters jieba can segment (the BMP ideograph blocks).</summary>
    public static bool IsChinese(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>The maximal runs of Chinese characters in already normalised text.</summary>
    public static IEnumerable<string> ChineseRuns(string normalized)
    {
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var chinese = i < normalized.Length && IsChinese(normalized[i]);
            if (chinese && start < 0)
            {
                start = i;
            }
            else if (!chinese && start >= 0)
            {
                yield return normalized[start..i];
                start = -1;
            }
        }
    }

    /// <summary>"14.0" → "14", "1,299.50" → "1299.5".</summary>
    public static string CanonicalNumber(string digits)
    {
        var plain = digits.Replace(",", "", StringComparison.Ordinal);
        if (plain.Contains('.', StringComparison.Ordinal))
        {
            plain = plain.TrimEnd('0').TrimEnd('.');
        }
        plain = plain.TrimStart('0');
        return plain.Length == 0 || plain[0] == '.' ? "0" + plain : plain;
    }
}
