using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// Finds a price range in a message: "两百块以内", "5k左右", "100-200元", "1万5", "15到20万",
/// "小于15万", "under $50", "between 20 and 30 bucks", "budget is 300". Emits budget_min /
/// budget_max as plain decimals, and currency when the text states one.
/// </summary>
public static partial class BudgetExtractor
{
    private const decimal AroundSpread = 0.2m;

    private const string A = Numbers.AmountPattern;
    private const string CnyUnit = @"(?:元|块钱|块|rmb|cny|yuan|米|¥)";
    private const string UsdUnit = @"(?:美元|美金|刀|usd|dollars?|bucks?|\$)";
    private const string Unit = @"(?:" + CnyUnit + "|" + UsdUnit + ")";
    // Counted things that are not money: "3-5人", "7座", "14英寸", "8GB".
    private const string NotMoney = @"(?!\s*(?:人|个|件|天|岁|座|号|月|年|斤|g\b|kg|寸|英寸|gb|tb|mb|mah|w\b|寸|公斤|cm|mm|%|倍|次|位|台|辆|款|种|双|套|盒|瓶|包))";

    [GeneratedRegex(@"(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?\s*(?:-|~|～|—|–|到|至|to|and)\s*(?<cur2>[$¥])?\s*(?<b>" + A + @")\s*(?<ub>" + Unit + @")?" + NotMoney + @"\s*(?:之间|左右|以内)?", RegexOptions.CultureInvariant)]
    private static partial Regex Range();

    [GeneratedRegex(@"(?:不超过|不超|不高于|不到|低于|小于|少于|最多|顶多|最高|under|below|less than|no more than|not more than|max(?:imum)?|up to|within|at most|cheaper than|<=?)\s*(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?" + NotMoney, RegexOptions.CultureInvariant)]
    private static partial Regex UpperBefore();

    [GeneratedRegex(@"(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?\s*(?:以内|以下|之内|内|封顶|or less|or under|max)", RegexOptions.CultureInvariant)]
    private static partial Regex UpperAfter();

    [GeneratedRegex(@"(?:不低于|至少|最少|高于|大于|超过|多于|over|above|more than|at least|from|>=?)\s*(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?" + NotMoney, RegexOptions.CultureInvariant)]
    private static partial Regex LowerBefore();

    [GeneratedRegex(@"(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?\s*(?:以上|起|or more|and up|plus)" , RegexOptions.CultureInvariant)]
    private static partial Regex LowerAfter();

    [GeneratedRegex(@"(?:大概|大约|差不多|around|about|roughly|approximately|~)\s*(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?" + NotMoney + @"|(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?\s*(?:左右|上下|附近|ish)", RegexOptions.CultureInvariant)]
    private static partial Regex Around();

    // "预算500", "budget of $50", "500块的耳机", "$50 earbuds": an amount with a budget word or a currency.
    [GeneratedRegex(@"(?:预算|价位|价格|budget|spend|spending)\s*(?:是|在|为|大概|大约|of|is|:|：)?\s*(?<cur1>[$¥])?\s*(?<a>" + A + @")\s*(?<ua>" + Unit + @")?" + NotMoney + @"|(?<cur1>[$¥])\s*(?<a>" + A + @")|(?<a>" + A + @")\s*(?<ua>" + Unit + @")", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    /// <param name="folded">The text after <see cref="Catalog.TextTokens.Fold"/> (same length as the original).</param>
    /// <param name="original">The text as written, for the entity's `text`.</param>
    public static IReadOnlyList<EntityMatch> Extract(string folded, string original)
    {
        // Every pattern needs an amount; most chat has none, and seven regexes cost more than this look.
        if (!folded.AsSpan().ContainsAny(Numbers.AmountStart))
        {
            return [];
        }
        if (Try(Range(), folded, out var m, out var a, out var b))
        {
            // "15到20万": the multiplier written once applies to both ends.
            if (b >= 1000 && a < b / 100 && (m.Groups["b"].Value.EndsWith('万') || m.Groups["b"].Value.EndsWith('w') || m.Groups["b"].Value.EndsWith('k')))
            {
                a *= m.Groups["b"].Value.EndsWith('k') ? 1000 : 10000;
            }
            if (a > b)
            {
                (a, b) = (b, a);
            }
            return Entities(m, original, a, b);
        }
        if (Try(Around(), folded, out m, out a, out _))
        {
            return Entities(m, original, decimal.Round(a * (1 - AroundSpread)), decimal.Round(a * (1 + AroundSpread)));
        }
        if (Try(UpperBefore(), folded, out m, out a, out _) || Try(UpperAfter(), folded, out m, out a, out _))
        {
            return Entities(m, original, null, a);
        }
        if (Try(LowerBefore(), folded, out m, out a, out _) || Try(LowerAfter(), folded, out m, out a, out _))
        {
            return Entities(m, original, a, null);
        }
        if (Try(Plain(), folded, out m, out a, out _))
        {
            return Entities(m, original, null, a);
        }
        return [];
    }

    private static bool Try(Regex regex, string text, out Match match, out decimal a, out decimal b)
    {
        a = b = 0;
        foreach (Match candidate in regex.Matches(text))
        {
            match = candidate;
            if (!Numbers.TryParse(candidate.Groups["a"].Value, out a) || a <= 0)
            {
                continue;
            }
            if (candidate.Groups["b"].Success && (!Numbers.TryParse(candidate.Groups["b"].Value, out b) || b <= 0))
            {
                continue;
            }
            if (!LooksLikeMoney(candidate, a))
            {
                continue;
            }
            return true;
        }
        match = Match.Empty;
        return false;
    }

    // A bare small number ("top 3", "第一") is not a budget unless a currency says so.
    private static bool LooksLikeMoney(Match m, decimal a) =>
        m.Groups["ua"].Success || m.Groups["ub"].Success || m.Groups["cur1"].Success || m.Groups["cur2"].Success || a >= 10;

    private static List<EntityMatch> Entities(Match m, string original, decimal? min, decimal? max)
    {
        // Trim the matched span so the entity text has no surrounding spaces.
        var start = m.Index;
        var end = m.Index + m.Length;
        while (start < end && char.IsWhiteSpace(original[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(original[end - 1]))
        {
            end--;
        }
        var text = original[start..end];
        var entities = new List<EntityMatch>();
        if (min is not null)
        {
            entities.Add(new EntityMatch("budget_min", Format(min.Value), text, start, end));
        }
        if (max is not null)
        {
            entities.Add(new EntityMatch("budget_max", Format(max.Value), text, start, end));
        }
        var currency = Currency(m);
        if (currency is not null)
        {
            entities.Add(new EntityMatch("currency", currency, text, start, end));
        }
        return entities;
    }

    private static string? Currency(Match m)
    {
        var marks = string.Concat(m.Groups["cur1"].Value, m.Groups["cur2"].Value, m.Groups["ua"].Value, m.Groups["ub"].Value);
        if (marks.Length == 0)
        {
            return null;
        }
        return UsdMark().IsMatch(marks) ? "USD" : "CNY";
    }

    [GeneratedRegex(@"\$|美元|美金|刀|usd|dollar|buck", RegexOptions.CultureInvariant)]
    private static partial Regex UsdMark();

    private static string Format(decimal value) => decimal.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
