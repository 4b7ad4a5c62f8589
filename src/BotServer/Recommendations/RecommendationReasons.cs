using System.Globalization;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>The short "why this pick" phrases, in Chinese and English.</summary>
public static class RecommendationReasons
{
    private const int MaxTitleLength = 18;

    public static string BoughtInGroup(int people, string language) => language == "en"
        ? people == 1 ? "1 person here bought it" : $"{people} people here bought it"
        : $"群里{people}人买过";

    public static string JoinedInGroup(int people, string language) => language == "en"
        ? people == 1 ? "1 person here joined a group buy for it" : $"{people} people here joined a group buy for it"
        : $"群里{people}人拼过";

    public static string BoughtWith(string title, string language) => language == "en"
        ? $"often bought with {Short(title)}"
        : $"常和{Short(title)}一起买";

    public static string SimilarGroups(string language) => language == "en" ? "popular in groups like this one" : "相似的群都在买";

    public static string InBudget(string language) => language == "en" ? "in your budget" : "在你的预算内";

    public static string BestSeller(int sales, string language) => language == "en"
        ? $"best seller, {sales.ToString("N0", CultureInfo.InvariantCulture)} sold"
        : $"热销{sales}件";

    public static string Matches(string language) => language == "en" ? "matches what you asked for" : "符合你的要求";

    public static string Popular(string language) => language == "en" ? "a popular pick" : "人气好物";

    // Cut at a word break when there is one late enough: "洽洽 ChaCha 焦糖瓜子…", not "洽洽 ChaCha 焦糖瓜子 10…".
    private static string Short(string title)
    {
        if (title.Length <= MaxTitleLength)
        {
            return title;
        }
        var cut = title[..(MaxTitleLength - 1)];
        var space = cut.LastIndexOf(' ');
        return (space >= MaxTitleLength / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }
}
