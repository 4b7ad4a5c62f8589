using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// Gift recipients and occasions in both languages, normalised to the contract's values
/// ("送女朋友" → girlfriend, "母亲节" → mothers_day). Longer words are tried first, so
/// "女朋友" is not read as "朋友".
/// </summary>
public static partial class GiftEntityExtractor
{
    private static readonly (string Value, string[] Words)[] Recipients =
    [
        ("girlfriend", ["女朋友", "女友", "女票", "girlfriend", "gf"]),
        ("boyfriend", ["男朋友", "男友", "男票", "boyfriend", "bf"]),
        ("mother", ["妈妈", "老妈", "母亲", "我妈", "婆婆", "丈母娘", "岳母", "mom", "mum", "mommy", "mother", "mama"]),
        ("father", ["爸爸", "老爸", "父亲", "我爸", "公公", "岳父", "老丈人", "dad", "daddy", "father", "papa"]),
        ("wife", ["老婆", "媳妇", "妻子", "太太", "爱人", "wife"]),
        ("husband", ["老公", "丈夫", "先生", "husband", "hubby"]),
        ("elder", ["长辈", "老人", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "爸妈", "父母", "老人家", "grandparents", "grandma", "grandpa", "grandmother", "grandfather", "parents", "elderly"]),
        ("child", ["孩子", "小孩", "儿子", "女儿", "宝宝", "娃", "小朋友", "侄子", "侄女", "外甥", "kids", "kid", "child", "children", "son", "daughter", "baby", "toddler", "nephew", "niece"]),
        ("teacher", ["老师", "教授", "teacher", "professor", "tutor"]),
        ("colleague", ["同事", "领导", "老板", "上司", "客户", "colleague", "coworker", "co-worker", "boss", "client"]),
        ("friend", ["闺蜜", "兄弟", "哥们", "好友", "朋友", "室友", "同学", "bestie", "best friend", "friend", "buddy", "roommate", "classmate"]),
        ("self", ["自己", "犒劳自己", "myself", "for me"]),
    ];

    private static readonly (string Value, string[] Words)[] Occasions =
    [
        ("mothers_day", ["母亲节", "mother's day", "mothers day", "mothers' day"]),
        ("fathers_day", ["父亲节", "father's day", "fathers day", "fathers' day"]),
        ("valentines", ["情人节", "七夕", "520", "valentine's", "valentines", "valentine"]),
        ("mid_autumn", ["中秋", "mid-autumn", "mid autumn", "moon festival"]),
        ("spring_festival", ["春节", "过年", "年货", "拜年", "chinese new year", "lunar new year", "spring festival"]),
        ("new_year", ["元旦", "新年", "跨年", "new year", "new year's"]),
        ("christmas", ["圣诞", "christmas", "xmas"]),
        ("birthday", ["生日", "生辰", "寿辰", "大寿", "birthday", "bday", "b-day"]),
        ("anniversary", ["纪念日", "周年", "anniversary"]),
        ("wedding", ["婚礼", "结婚", "新婚", "喜酒", "wedding", "newlyweds"]),
        ("graduation", ["毕业", "graduation", "graduating"]),
        ("housewarming", ["乔迁", "搬家", "新居", "搬新家", "housewarming", "new home"]),
    ];

    private static readonly WordTable RecipientWords = new(Recipients);
    private static readonly WordTable OccasionWords = new(Occasions);

    public static IReadOnlyList<EntityMatch> Extract(string folded, string original)
    {
        var entities = new List<EntityMatch>();
        Add(entities, RecipientWords, "recipient", folded, original);
        Add(entities, OccasionWords, "occasion", folded, original);
        return entities;
    }

    /// <summary>"礼物", "gift", "送…": the message is about giving something.</summary>
    public static bool MentionsGift(string folded) => GiftCue().IsMatch(folded);

    [GeneratedRegex(@"礼物|礼品|伴手礼|送礼|送给|送什么|送啥|买给|\bgifts?\b|\bpresents?\b|\bgifting\b", RegexOptions.CultureInvariant)]
    private static partial Regex GiftCue();

    private static void Add(List<EntityMatch> entities, WordTable words, string type, string folded, string original)
    {
        if (words.First(folded) is { } found)
        {
            var end = found.Start + found.Word.Length;
            entities.Add(new EntityMatch(type, found.Value, original[found.Start..end], found.Start, end));
        }
    }

    /// <summary>
    /// The first word of a table in a text: the leftmost place where one stands, and there the
    /// longest. Latin words need word boundaries ("son" is not in "season"); Chinese words do not.
    /// A plain scan over the words that start with each character: a regex alternation of all the
    /// words found the same word several times slower.
    /// </summary>
    private sealed class WordTable
    {
        private readonly FrozenDictionary<char, (string Word, string Value, bool Latin)[]> _byFirstChar;

        public WordTable((string Value, string[] Words)[] table)
        {
            _byFirstChar = table
                .SelectMany(entry => entry.Words.Select(word => (Word: word, entry.Value, Latin: word.All(c => c < 0x2E80))))
                .DistinctBy(word => word.Word, StringComparer.Ordinal)
                .OrderByDescending(word => word.Word.Length)
                .GroupBy(word => word.Word[0])
                .ToFrozenDictionary(group => group.Key, group => group.ToArray());
        }

        public (int Start, string Word, string Value)? First(string text)
        {
            for (var start = 0; start < text.Length; start++)
            {
                if (!_byFirstChar.TryGetValue(text[start], out var words))
                {
                    continue;
                }
                foreach (var (word, value, latin) in words)
                {
                    var end = start + word.Length;
                    if (text.AsSpan(start).StartsWith(word, StringComparison.Ordinal)
                        && (!latin || (!IsLatinLowerAt(text, start - 1) && !IsLatinLowerAt(text, end))))
                    {
                        return (start, word, value);
                    }
                }
            }
            return null;
        }

        private static bool IsLatinLowerAt(string text, int index) =>
            index >= 0 && index < text.Length && char.IsAsciiLetterLower(text[index]);
    }
}
