namespace ChatCommerce.BotServer.Catalog;

/// <summary>
/// Everyday words for common category ids, in Chinese and English, for the words shoppers use that
/// no product alias carries ("零食", "化妆品", "vitamins"). A word counts for a merchant only when
/// one of its products has the id (or "parent/child" pair) in its category path, and then names that product's
/// top-level category. Plain data, meant to be read and extended; the catalog's own ids, path
/// names and aliases are read from the products and need no entry here.
/// </summary>
public static class CategoryWords
{
    public static readonly IReadOnlyDictionary<string, string[]> ById = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        // electronics
        ["electronics"] = ["数码", "数码产品", "电子产品", "electronics"],
        ["headphones"] = ["耳机", "耳塞", "骨传导", "headphone", "earphone", "earbud", "earbuds"],
        ["phones"] = ["手机", "智能手机", "smartphone", "cellphone", "mobile phone"],
        ["laptops"] = ["笔记本电脑", "电脑", "轻薄本", "游戏本", "notebook", "computer"],
        ["power-banks"] = ["充电宝", "移动电源", "power bank", "powerbank"],
        ["smart-watches"] = ["手环", "手表", "智能手表", "运动手环", "smartwatch", "fitness tracker"],
        ["speakers"] = ["音箱", "音响", "蓝牙音箱", "speaker"],
        ["tablets"] = ["平板", "平板电脑", "ipad", "tablet"],
        ["electronics/accessories"] = ["鼠标", "键盘", "数据线", "充电器", "mouse", "keyboard", "charger"],
        // kitchen
        ["kitchen"] = ["厨房", "厨具", "厨房电器", "kitchenware"],
        ["small-appliances"] = ["小家电", "厨房小电", "空气炸锅", "洗碗机", "微波炉", "烤箱", "咖啡机", "豆浆机", "破壁机", "榨汁机", "电水壶", "烧水壶",
            "air fryer", "dishwasher", "microwave", "oven", "coffee machine", "coffee maker", "espresso machine", "blender", "juicer", "kettle"],
        ["rice-cookers"] = ["电饭煲", "电饭锅", "rice cooker"],
        ["cookware"] = ["锅具", "炒锅", "平底锅", "汤锅", "刀具", "pan", "pot", "wok", "knives"],
        ["drinkware"] = ["保温杯", "水杯", "杯子", "马克杯", "mug", "tumbler", "water bottle"],
        // beauty
        ["beauty"] = ["化妆品", "美妆", "cosmetics"],
        ["skincare"] = ["护肤品", "护肤", "精华", "面霜", "乳液", "爽肤水", "面膜", "moisturiser", "moisturizer", "serum", "toner"],
        ["makeup"] = ["彩妆", "口红", "粉底", "眼影", "腮红", "makeup", "foundation", "blush"],
        ["suncare"] = ["防晒", "防晒霜", "sunscreen", "sunblock"],
        ["fragrance"] = ["香水", "perfume", "cologne"],
        ["haircare"] = ["洗发水", "护发素", "shampoo", "conditioner"],
        ["beauty-tools"] = ["吹风机", "电吹风", "卷发棒", "直发器", "hair dryer", "hairdryer"],
        ["mens-grooming"] = ["剃须刀", "刮胡刀", "shaver", "razor"],
        // snacks
        ["snacks"] = ["零食", "小吃", "吃的", "snack", "snacks"],
        ["nuts"] = ["坚果", "瓜子", "nuts", "almonds", "cashews"],
        ["drinks"] = ["饮料", "气泡水", "drinks", "soda"],
        ["instant-food"] = ["方便面", "泡面", "螺蛳粉", "自热锅", "instant noodles"],
        // toys
        ["toys"] = ["玩具", "toy"],
        ["building-blocks"] = ["积木", "拼装玩具", "building blocks"],
        ["puzzles"] = ["拼图", "魔方", "jigsaw", "puzzle"],
        ["board-games"] = ["桌游", "board game", "card game"],
        ["plush"] = ["毛绒玩具", "公仔", "玩偶", "plush", "stuffed animal"],
        ["collectibles"] = ["盲盒", "手办", "潮玩", "blind box", "figure"],
        // sports
        ["sports"] = ["运动用品", "体育用品", "健身", "sporting goods"],
        ["fitness"] = ["健身器材", "跑步机", "走步机", "哑铃", "跳绳", "treadmill", "dumbbell", "dumbbells"],
        ["running-shoes"] = ["跑鞋", "跑步鞋", "running shoe", "running shoes"],
        ["outdoor"] = ["户外", "露营", "帐篷", "登山", "camping", "tent", "hiking"],
        ["cycling"] = ["自行车", "单车", "公路车", "bike", "bicycle"],
        ["yoga"] = ["瑜伽", "瑜伽垫", "瑜伽裤", "yoga"],
        ["swimming"] = ["游泳", "泳镜", "泳衣", "swimming", "swimsuit"],
        ["badminton"] = ["羽毛球", "羽毛球拍", "badminton", "shuttlecock"],
        ["basketball"] = ["篮球", "basketball"],
        // home
        ["bedding"] = ["床品", "床上用品", "四件套", "被子", "枕头", "床单", "bedding", "duvet", "quilt", "pillow"],
        ["cleaning-appliances"] = ["扫地机", "扫地机器人", "吸尘器", "拖把", "vacuum", "robot vacuum"],
        ["air-care"] = ["空气净化器", "净化器", "加湿器", "air purifier", "humidifier"],
        ["lighting"] = ["台灯", "落地灯", "灯具", "lamp", "lamps"],
        ["daily-supplies"] = ["日用品", "纸巾", "抽纸", "卫生纸", "洗衣液", "tissues", "toilet paper", "detergent"],
        // fashion
        ["fashion"] = ["衣服", "服装", "穿搭", "clothes", "clothing"],
        ["outerwear"] = ["外套", "夹克", "羽绒服", "大衣", "冲锋衣", "jacket", "coat"],
        ["shoes"] = ["鞋子", "帆布鞋", "板鞋", "靴子", "sneakers", "boots", "shoes"],
        ["bags"] = ["包包", "手提包", "背包", "双肩包", "bag", "bags", "handbag", "backpack", "tote"],
        ["fashion/accessories"] = ["墨镜", "围巾", "帽子", "sunglasses", "scarf", "hat"],
        ["womens-dresses"] = ["连衣裙", "裙子", "dress"],
        // health
        ["health"] = ["保健品", "营养品", "health"],
        ["supplements"] = ["维生素", "鱼油", "钙片", "蛋白粉", "vitamin", "vitamins", "supplement", "supplements", "fish oil"],
        ["medical-devices"] = ["血压计", "血氧仪", "体温计", "额温枪", "oximeter", "thermometer", "blood pressure monitor"],
        ["massage"] = ["按摩仪", "按摩器", "筋膜枪", "massager", "massage gun"],
        ["oral-care"] = ["电动牙刷", "牙刷", "冲牙器", "toothbrush", "water flosser"],
        // books
        ["books"] = ["图书", "书籍", "小说", "book", "books", "novel"],
        ["books/children"] = ["绘本", "童书", "picture book"],
        // baby
        ["baby"] = ["母婴", "婴儿用品", "baby products"],
        ["diapers"] = ["纸尿裤", "尿不湿", "拉拉裤", "diaper", "diapers", "nappies"],
        ["formula"] = ["奶粉", "formula", "baby formula"],
        ["feeding"] = ["奶瓶", "辅食", "baby bottle", "bottles"],
        ["strollers"] = ["婴儿车", "推车", "stroller", "pram"],
        // gifts
        ["flowers"] = ["鲜花", "花束", "玫瑰", "flowers", "bouquet", "roses"],
        ["jewellery"] = ["首饰", "项链", "手链", "耳环", "戒指", "jewellery", "jewelry", "necklace", "bracelet", "earrings", "ring"],
        ["mooncake"] = ["月饼", "mooncake", "mooncakes"],
        ["new-year"] = ["年货", "红包", "春联", "red envelope", "red envelopes", "red packet"],
        ["tea-gift-boxes"] = ["茶叶礼盒", "茶礼", "tea gift box"],
        // pets
        ["pets"] = ["宠物用品", "pet supplies", "pet"],
        ["cat-food"] = ["猫粮", "cat food"],
        ["dog-food"] = ["狗粮", "dog food"],
        ["cat-litter"] = ["猫砂", "猫砂盆", "cat litter", "litter box"],
        ["treats"] = ["猫条", "猫零食", "狗零食", "pet treats", "dog treats", "cat treats"],
        ["pet-toys"] = ["猫玩具", "狗玩具", "逗猫棒", "cat toy", "dog toy"],
    };

    /// <summary>
    /// The words for every id on a product's category path, and for every "parent/child" pair on it
    /// (for ids that mean different things under different parents, like "accessories").
    /// </summary>
    public static IEnumerable<string> For(IReadOnlyList<string> categoryPath)
    {
        var keys = categoryPath.Select(id => id.Trim())
            .Concat(categoryPath.Zip(categoryPath.Skip(1), (parent, child) => $"{parent.Trim()}/{child.Trim()}"));
        return keys.SelectMany(key => ById.TryGetValue(key, out var words) ? words : []);
    }

    /// <summary>The words for categories named another way ("笔记本" or "laptop" for "laptops"): each name, and its plural.</summary>
    public static IEnumerable<string> ForNames(IEnumerable<string> names) =>
        names.SelectMany(name => ById.TryGetValue(name, out var words) || ById.TryGetValue(name + "s", out words) ? words : []);
}
