using System.Buffers;
using System.Globalization;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>Reads amounts as people write them: "1,299", "1.5万", "1万5", "5k", "3w", "两百", "一万五千", "十五".</summary>
public static class Numbers
{
    /// <summary>Arabic digits, or Chinese numerals; then an optional multiplier.</summary>
    public const string AmountPattern =
        @"(?:[0-9][0-9,]*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(?:\s*(?:k|w|千|万|百)(?![a-z])(?:[0-9一二三四五六七八九](?![0-9]))?)?";

    /// <summary>The characters an <see cref="AmountPattern"/> match can start with: a text without any holds no amount.</summary>
    public static readonly SearchValues<char> AmountStart = SearchValues.Create("0123456789零〇一二两三四五六七八九十百千万");

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var s = text.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return false;
        }
        // "1万5" / "1k5": a trailing digit after a multiplier is the next place down.
        var multiplierAt = s.IndexOfAny(['k', 'w', '万', '千', '百']);
        if (multiplierAt > 0 && char.IsAsciiDigit(s[0]))
        {
            if (!decimal.TryParse(s[..multiplierAt], NumberStyles.Number, CultureInfo.InvariantCulture, out var head))
            {
                return false;
            }
            var unit = Multiplier(s[multiplierAt]);
            // Past what a decimal holds is not an amount anyone means (and would throw).
            if (head > decimal.MaxValue / unit / 2)
            {
                return false;
            }
            value = head * unit;
            var tail = s[(multiplierAt + 1)..];
            if (tail.Length == 1 && (char.IsAsciiDigit(tail[0]) || ChineseDigit(tail[0]) >= 0))
            {
                var digit = char.IsAsciiDigit(tail[0]) ? tail[0] - '0' : ChineseDigit(tail[0]);
                value += digit * unit / 10;
            }
            else if (tail.Length > 0)
            {
                return false;
            }
            return true;
        }
        if (char.IsAsciiDigit(s[0]))
        {
            return decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out value);
        }
        return TryParseChinese(s, out value);
    }

    /// <summary>Chinese numerals up to the 万 place, with the colloquial "一万五" (= 15,000) and "两百五" (= 250).</summary>
    public static bool TryParseChinese(string s, out decimal value)
    {
        value = 0;
        decimal section = 0;
        decimal digit = -1;
        var lastUnit = 0m;
        foreach (var c in s)
        {
            var d = ChineseDigit(c);
            if (d >= 0)
            {
                digit = d;
                continue;
            }
            var unit = c switch { '十' => 10m, '百' => 100m, '千' => 1000m, '万' => 10000m, _ => 0m };
            if (unit == 0)
            {
                return false;
            }
            if (unit == 10000m)
            {
                section += Math.Max(digit, 0);
                value += (section == 0 ? 1 : section) * 10000m;
                section = 0;
            }
            else
            {
                section += (digit < 0 ? 1 : digit) * unit;
            }
            lastUnit = unit;
            digit = -1;
        }
        if (digit >= 0)
        {
            // A lone trailing digit after a unit is the next place down: 一万五 → 15000, 两百五 → 250.
            section += lastUnit >= 100 ? digit * lastUnit / 10 : digit;
        }
        value += section;
        return value > 0 || s.Contains('零') || s.Contains('〇');
    }

    private static int ChineseDigit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    private static decimal Multiplier(char c) => c switch
    {
        'k' or '千' => 1000m,
        'w' or '万' => 10000m,
        '百' => 100m,
        _ => 1m,
    };
}
