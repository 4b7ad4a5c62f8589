using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// Group-buy words: team size ("3人团", "开个五人团", "team of 4", "2 ppl"), quantity ("要三盒",
/// "我要俩", "x3", "2 pairs", "put me down for 2") and group-buy ids ("GB-7F3K2").
/// </summary>
public static partial class GroupBuyEntityExtractor
{
    private const string N = @"(?<n>[0-9]{1,2}|[两二三四五六七八九十俩]{1,2})";

    // Every team-size and quantity pattern captures a number (n) starting with one of these.
    private static readonly SearchValues<char> NumberStart = SearchValues.Create("0123456789两二三四五六七八九十俩");

    [GeneratedRegex(@"(?<![0-9第])" + N + @"\s*(?:人|位)(?!民|家|气|工|生|员|们)|\bteam\s+of\s+(?<n>[0-9]{1,2})\b|\b(?<n>[0-9]{1,2})[\s-]*(?:person|people|ppl|member|members)\b|\b(?<n>[0-9]{1,2})\s+of\s+us\b", RegexOptions.CultureInvariant)]
    private static partial Regex TeamSize();

    [GeneratedRegex(@"(?<![0-9第])" + N + @"\s*(?:件|份|盒|瓶|双|套|只|包|箱|袋|支|条|本|张|罐|桶|台|个(?=\s*$|\s*[,，。!！]))|(?:要|买|来|拿)(?<n>俩)(?!人)|[x×*]\s*(?<n>[0-9]{1,3})\b|\b(?<n>[0-9]{1,3})\s*(?:pairs?|boxes|box|units?|pcs|pieces?|packs?|bottles?|sets?|of (?:these|them|those|it))\b|\b(?:take|for|need|want|buy|get|grab)\s+(?<n>[0-9]{1,2})\s*(?=$|[,.!?]|\s+(?:please|pls|thanks)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"(?<![a-z0-9])gb-[a-z0-9]{4,10}(?![a-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex GroupBuyId();

    public static IReadOnlyList<EntityMatch> Extract(string folded, string original)
    {
        var entities = new List<EntityMatch>();
        var hasNumber = folded.AsSpan().ContainsAny(NumberStart);
        if (hasNumber && First(TeamSize(), folded, 2, 50) is { } team)
        {
            entities.Add(Entity("team_size", team.Value, team.Match, original));
        }
        if (hasNumber && First(Quantity(), folded, 2, 999) is { } quantity
            && !entities.Any(e => e.Start <= quantity.Match.Index && quantity.Match.Index < e.End))
        {
            entities.Add(Entity("quantity", quantity.Value, quantity.Match, original));
        }
        if (GroupBuyId().Match(folded) is { Success: true } id)
        {
            entities.Add(new EntityMatch("group_buy_id", original.Substring(id.Index, id.Length).ToUpperInvariant(), original.Substring(id.Index, id.Length), id.Index, id.Index + id.Length));
        }
        return entities;
    }

    private static (int Value, Match Match)? First(Regex regex, string text, int min, int max)
    {
        foreach (Match m in regex.Matches(text))
        {
            var digits = m.Groups["n"].Value;
            var value = digits == "俩" ? 2 : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : Numbers.TryParseChinese(digits, out var c) ? (int)c : -1;
            if (value >= min && value <= max)
            {
                return (value, m);
            }
        }
        return null;
    }

    private static EntityMatch Entity(string type, int value, Match m, string original) =>
        new(type, value.ToString(CultureInfo.InvariantCulture), original.Substring(m.Index, m.Length), m.Index, m.Index + m.Length);
}
