using System.Collections.Frozen;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// The contract's gift recipients and occasions (the normalised values of the `recipient` and
/// `occasion` entities and of RecommendRequest), with how to say them in Chinese and English.
/// </summary>
public static class GiftVocabulary
{
    private static readonly Dictionary<string, (string Zh, string En)> RecipientNames = new(StringComparer.Ordinal)
    {
        ["mother"] = ("妈妈", "mothers"),
        ["father"] = ("爸爸", "fathers"),
        ["wife"] = ("老婆", "wives"),
        ["husband"] = ("老公", "husbands"),
        ["girlfriend"] = ("女朋友", "girlfriends"),
        ["boyfriend"] = ("男朋友", "boyfriends"),
        ["child"] = ("孩子", "kids"),
        ["friend"] = ("朋友", "friends"),
        ["colleague"] = ("同事", "colleagues"),
        ["teacher"] = ("老师", "teachers"),
        ["elder"] = ("长辈", "elders"),
        ["self"] = ("自己", "yourself"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> OccasionNames = new(StringComparer.Ordinal)
    {
        ["birthday"] = ("生日", "birthday"),
        ["anniversary"] = ("纪念日", "anniversary"),
        ["wedding"] = ("婚礼", "wedding"),
        ["new_year"] = ("新年", "New Year"),
        ["spring_festival"] = ("春节", "Spring Festival"),
        ["valentines"] = ("情人节", "Valentine's"),
        ["mid_autumn"] = ("中秋", "Mid-Autumn"),
        ["mothers_day"] = ("母亲节", "Mother's Day"),
        ["fathers_day"] = ("父亲节", "Father's Day"),
        ["christmas"] = ("圣诞节", "Christmas"),
        ["graduation"] = ("毕业", "graduation"),
        ["housewarming"] = ("乔迁", "housewarming"),
    };

    // Product tags that say who a product is meant for ("送女友"), and which recipients may share
    // such products: a wife is happy with a 送女友 gift, a mother is not.
    private static readonly Dictionary<string, string[]> Markers = new(StringComparer.Ordinal)
    {
        ["mother"] = ["送妈妈", "for mom", "母亲节", "mother's day", "送爸妈", "for parents"],
        ["father"] = ["送爸爸", "for dad", "父亲节", "送爸妈", "for parents"],
        ["wife"] = ["送老婆", "for wife"],
        ["husband"] = ["送老公", "for husband"],
        ["girlfriend"] = ["送女友", "gift for girlfriend"],
        ["boyfriend"] = ["送男友", "gift for boyfriend"],
        ["child"] = ["儿童", "kids", "男孩", "boys", "女孩", "girls", "送男孩", "for boys", "小学生", "pupil", "宝宝", "baby"],
        ["friend"] = ["送闺蜜", "gift for bestie"],
        ["colleague"] = ["送客户", "for clients", "送领导", "送老板", "for boss"],
        ["teacher"] = ["送老师", "for teacher"],
        ["elder"] = ["长辈", "elders", "送长辈"],
        ["self"] = [],
    };

    // The markers turned round, matched like product tags: "送爸妈" → mother, father.
    private static readonly FrozenDictionary<string, string[]> MarkedFor = Markers
        .SelectMany(person => person.Value.Select(marker => (Marker: marker, Person: person.Key)))
        .GroupBy(m => m.Marker, StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(g => g.Key, g => g.Select(m => m.Person).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string[]> Shares = new(StringComparer.Ordinal)
    {
        ["mother"] = ["mother", "elder"],
        ["father"] = ["father", "elder", "husband"],
        ["wife"] = ["wife", "girlfriend"],
        ["husband"] = ["husband", "boyfriend", "father"],
        ["girlfriend"] = ["girlfriend", "wife", "friend"],
        ["boyfriend"] = ["boyfriend", "husband"],
        ["child"] = ["child"],
        ["friend"] = ["friend", "girlfriend"],
        ["colleague"] = ["colleague", "teacher"],
        ["teacher"] = ["teacher", "colleague", "elder"],
        ["elder"] = ["elder", "mother", "father"],
    };

    public static IReadOnlyCollection<string> Recipients { get; } = RecipientNames.Keys.ToArray();

    public static IReadOnlyCollection<string> Occasions { get; } = OccasionNames.Keys.ToArray();

    public static bool IsRecipient(string? value) => value is not null && RecipientNames.ContainsKey(value);

    public static bool IsOccasion(string? value) => value is not null && OccasionNames.ContainsKey(value);

    public static string RecipientName(string recipient, string language) =>
        RecipientNames.TryGetValue(recipient, out var name) ? language == "en" ? name.En : name.Zh : recipient;

    public static string OccasionName(string occasion, string language) =>
        OccasionNames.TryGetValue(occasion, out var name) ? language == "en" ? name.En : name.Zh : occasion;

    /// <summary>
    /// True when the product's tags say it is meant for someone else (a 送女友 lipstick for a
    /// mother), and not also for this recipient or someone who shares their gifts.
    /// </summary>
    public static bool MeantForSomeoneElse(IReadOnlyList<string> productTags, string recipient)
    {
        if (!Shares.TryGetValue(recipient, out var sharing))
        {
            return false;
        }
        // Runs for every candidate of every gift pick: one lookup per product tag.
        var meantForOthers = false;
        for (var i = 0; i < productTags.Count; i++)
        {
            if (!MarkedFor.TryGetValue(productTags[i], out var people))
            {
                continue;
            }
            foreach (var person in people)
            {
                if (Array.IndexOf(sharing, person) >= 0)
                {
                    return false;
                }
                meantForOthers = true;
            }
        }
        return meantForOthers;
    }

    /// <summary>"must be one of mother, father, …" for field violations.</summary>
    public static string OneOf(IEnumerable<string> values) => "must be one of " + string.Join(", ", values);
}
