namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>
/// The words search treats specially: chat filler that is no search term, bilingual
/// synonyms, and units of measure. Plain data, meant to be read and extended.
/// </summary>
public static class SearchVocabulary
{
    /// <summary>
    /// Ignored in queries (never in products): greetings, "I want to buy", "recommend",
    /// measure words, budget phrasing, function words. Compared before stemming.
    /// </summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        // Chinese chat filler and function words
        "你好", "您好", "哈喽", "嗨", "请问", "麻烦", "谢谢", "在吗", "呗", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "哈", "么",
        "我", "我们", "你", "您", "你们", "他", "她", "它", "他们", "大家", "自己", "咱", "咱们",
        "想", "想要", "要", "要买", "想买", "买", "购买", "采购", "入手", "买个", "买辆", "买台", "选", "挑", "挑选", "换", "换台",
        "推荐", "推荐一下", "求推荐", "建议", "介绍", "看看", "看一下", "找", "找找", "帮", "帮忙", "帮我", "给", "给我", "告诉",
        "有", "有没有", "没有", "有什么", "有啥", "什么", "啥", "哪个", "哪些", "哪款", "怎么样", "如何", "是不是",
        "能", "能否", "可以", "可", "会", "请", "需要", "打算", "计划", "考虑", "准备", "希望", "喜欢", "比较", "信赖", "相信", "挺",
        "一", "一个", "一款", "一辆", "一台", "一部", "一只", "一件", "一些", "一下", "一点", "一批", "个", "款", "辆", "台", "部", "只", "件", "批", "种",
        "的", "地", "得", "了", "着", "过", "是", "在", "和", "与", "及", "或", "或者", "还是", "也", "就", "都", "很", "还", "又", "再", "才", "最", "更", "太",
        "最好", "最近", "今年", "平时", "一般", "通常", "主要", "用途", "用", "用来", "一起", "时候", "这个", "那个", "这", "那", "些",
        "预算", "价格", "价位", "区间", "左右", "之间", "以内", "以下", "以上", "之内", "小于", "大于", "低于", "高于", "不超过", "不到", "元", "块", "万元",
        "坐", "人", "个人", "对此", "不是", "了解", "不太", "知道", "做", "下",
        // English chat filler and function words
        "hello", "hi", "hey", "please", "thanks", "thank", "could", "would", "can", "will", "shall", "should", "may", "might", "do", "does", "did",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "it", "its", "they", "them", "their", "someone", "anything", "something",
        "want", "wanted", "wants", "wanna", "like", "love", "need", "needs", "buy", "buying", "purchase", "get", "plan", "planning", "planned",
        "looking", "look", "find", "search", "show", "tell", "give", "recommend", "recommendation", "recommendations", "suggest", "suggestion", "choose",
        "a", "an", "the", "this", "that", "these", "those", "one", "some", "any", "good", "nice", "best", "great", "model", "models", "kind", "sort",
        "of", "for", "to", "in", "on", "at", "by", "with", "from", "and", "or", "but", "is", "are", "am", "be", "been", "was", "were", "have", "has", "had",
        "what", "which", "who", "how", "there", "here", "just", "also", "very", "really", "most", "more", "less", "mainly", "usually", "often", "soon",
        "budget", "price", "priced", "within", "between", "around", "about", "under", "below", "above", "over", "than", "yuan", "rmb", "cny", "dollars",
        "people", "person", "persons", "much", "well", "know", "don't", "not", "no", "year", "today", "now", "mostly", "preferably", "ideally",
    };

    /// <summary>
    /// Groups of words that mean the same for shopping, in Chinese and English. A query word in a
    /// group also matches the other members (slightly below an exact match). Members are
    /// analysed like any query text, so plurals and case need no separate entries.
    /// </summary>
    public static readonly IReadOnlyList<string[]> Synonyms =
    [
        // electronics
        ["耳机", "耳麦", "earphone", "earbud", "headphone", "headset"],
        ["蓝牙耳机", "无线耳机", "wireless earbuds", "bluetooth earbuds", "bluetooth headphones"],
        ["笔记本", "笔记本电脑", "手提电脑", "laptop", "notebook"],
        ["台式机", "台式电脑", "台式", "desktop", "desktop computer", "desktop pc"],
        ["一体机", "all-in-one", "aio"],
        ["电脑", "计算机", "computer", "pc"],
        ["轻薄本", "超极本", "轻薄", "ultrabook", "lightweight", "thin and light"],
        ["游戏本", "游戏笔记本", "gaming laptop"],
        ["手机", "智能手机", "phone", "mobile phone", "smartphone", "cellphone"],
        ["平板", "平板电脑", "tablet"],
        ["音箱", "音响", "speaker"],
        ["手表", "智能手表", "watch", "smartwatch"],
        ["充电宝", "移动电源", "power bank"],
        ["降噪", "noise cancelling", "noise-cancelling", "noise canceling", "anc"],
        ["无线", "wireless"],
        ["蓝牙", "bluetooth"],
        ["内存", "memory", "ram"],
        ["屏幕", "显示屏", "screen", "display"],
        ["显卡", "graphics card", "gpu"],
        ["电热水壶", "烧水壶", "水壶", "kettle"],
        // cars
        ["汽车", "车", "轿车", "car", "vehicle", "auto"],
        ["两厢车", "两厢", "hatchback"],
        ["三厢车", "三厢", "notchback", "sedan", "saloon"],
        ["suv", "运动型多用途车", "sport utility vehicle"],
        ["mpv", "商务车", "minivan", "people carrier"],
        ["汽油", "汽油车", "燃油", "gas", "gasoline", "petrol", "gas-powered", "gasoline-powered", "petrol-powered"],
        ["混动", "混合动力", "油电混合", "hybrid", "phev", "plug-in hybrid"],
        ["电动", "纯电", "电动车", "新能源", "electric", "ev"],
        ["越野", "越野车", "off-road", "offroad", "cross-country"],
        ["四驱", "全驱", "4wd", "awd", "all-wheel", "all-wheel drive", "four-wheel drive"],
        ["两驱", "2wd", "two-wheel", "two-wheel drive"],
        ["自动挡", "自动", "automatic"],
        ["手动挡", "手动", "manual"],
        // everyday shopping
        ["礼物", "礼品", "送礼", "gift", "present"],
        ["儿童", "孩子", "小孩", "kid", "children", "child"],
        ["婴儿", "宝宝", "baby", "infant"],
        ["宠物", "pet"],
        ["猫", "猫咪", "cat", "kitten"],
        ["狗", "狗狗", "dog", "puppy"],
        ["运动鞋", "跑鞋", "sneaker", "running shoes"],
        ["鞋", "鞋子", "shoe"],
        ["咖啡", "coffee"],
        ["茶", "茶叶", "tea"],
        ["零食", "小吃", "snack"],
        ["书", "图书", "书籍", "book"],
        ["玩具", "toy"],
        ["护肤", "护肤品", "skincare", "skin care"],
        ["口红", "唇膏", "lipstick"],
        // brands people write in either language
        ["联想", "lenovo"],
        ["戴尔", "dell"],
        ["惠普", "hp"],
        ["宏碁", "宏基", "acer"],
        ["苹果", "apple"],
        ["小米", "xiaomi"],
        ["华为", "huawei"],
        ["索尼", "sony"],
        ["大众", "volkswagen", "vw"],
        ["上汽大众", "saic volkswagen"],
        ["一汽大众", "faw-volkswagen", "faw volkswagen"],
    ];

    /// <summary>Unit words after a number, and the canonical unit they become ("14英寸" and "14-inch" both give 14inch).</summary>
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["英寸"] = "inch", ["寸"] = "inch", ["inch"] = "inch", ["inches"] = "inch", ["\""] = "inch", ["″"] = "inch",
        ["gb"] = "gb", ["g"] = "gb", ["tb"] = "tb", ["mb"] = "mb",
        ["kg"] = "kg", ["公斤"] = "kg", ["千克"] = "kg",
        ["mah"] = "mah", ["毫安"] = "mah", ["毫安时"] = "mah",
        ["ml"] = "ml", ["毫升"] = "ml", ["l"] = "l", ["升"] = "l",
        ["mm"] = "mm", ["毫米"] = "mm", ["cm"] = "cm", ["厘米"] = "cm",
        ["hz"] = "hz", ["赫兹"] = "hz", ["w"] = "w", ["瓦"] = "w",
        ["h"] = "h", ["小时"] = "h", ["hour"] = "h", ["hours"] = "h", ["hrs"] = "h",
        ["ps"] = "ps", ["匹"] = "ps", ["db"] = "db", ["分贝"] = "db",
        ["座"] = "seat", ["座位"] = "seat", ["人座"] = "seat",
        ["seat"] = "seat", ["seats"] = "seat", ["seater"] = "seat", ["seaters"] = "seat",
    };

    /// <summary>
    /// Units that also keep their raw form, because the short form is ambiguous:
    /// "5G" is a phone network as often as a memory size.
    /// </summary>
    public static readonly IReadOnlySet<string> AmbiguousUnits = new HashSet<string>(StringComparer.Ordinal) { "g" };

    /// <summary>Money words after a number: the amount stays a bare number ("10000元" → 10000).</summary>
    public static readonly IReadOnlySet<string> MoneyUnits = new HashSet<string>(StringComparer.Ordinal) { "元", "块", "yuan", "rmb", "万", "万元" };

    /// <summary>Attribute keys that give a bare numeric value its unit: {"座位数": "7"} means 7 seats.</summary>
    public static readonly IReadOnlyList<(string KeyPart, string Unit)> AttributeKeyUnits =
    [
        ("座位", "seat"), ("seat", "seat"), ("屏幕尺寸", "inch"), ("screen", "inch"), ("内存", "gb"), ("memory", "gb"),
    ];

    /// <summary>Attribute values that mean "has it": the attribute's key is what describes the product.</summary>
    public static readonly IReadOnlySet<string> TrueValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "true", "yes", "是", "有", "支持", "y" };

    /// <summary>Attribute values that mean "has not": nothing to index.</summary>
    public static readonly IReadOnlySet<string> FalseValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "false", "no", "否", "不支持", "n" };

    /// <summary>Small counts written as words, for seats and people ("七座", "seven-seater").</summary>
    public static readonly IReadOnlyDictionary<string, int> CountWords = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6, ["七"] = 7, ["八"] = 8, ["九"] = 9, ["十"] = 10,
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
    };
}
