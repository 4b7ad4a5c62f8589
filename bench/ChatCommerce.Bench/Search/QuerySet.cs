using System.Globalization;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.Bench.Search;

/// <summary>
/// The fixed query mix the search suite times: what shoppers type in a group chat, in Chinese and
/// English. One query per line, <c>text | filter; filter</c>; filters are <c>min=</c>, <c>max=</c>
/// (CNY), <c>cat=</c> (top-level category), <c>brand=</c> (as the catalog writes it) and <c>instock</c>.
/// An empty text asks for popular products. Add queries at the end so older figures stay comparable.
/// </summary>
public static class QuerySet
{
    private const string Table = """
        # single words, Chinese
        耳机
        手机
        笔记本
        电饭煲
        电热水壶
        口红
        精华
        面膜
        防晒霜
        香水
        猫粮
        狗粮
        积木
        跑鞋
        羽绒服
        充电宝
        手表
        月饼
        巧克力
        坚果
        奶粉
        尿不湿
        鲜花
        音箱
        平板
        鼠标
        保温杯
        瑜伽垫
        乒乓球拍
        四件套
        零食
        # single words, English
        kettle
        headphones
        earbuds
        laptop
        smartphone
        lipstick
        serum
        sunscreen
        perfume
        backpack
        mooncake
        chocolate
        tablet
        speaker
        watch
        mouse
        lego
        formula
        diapers
        cat food
        dog food
        power bank
        rice cooker
        yoga mat
        pillow
        # brand + category
        小米 耳机
        华为 手机
        苹果 手表
        联想 笔记本
        美的 电饭煲
        戴森 吹风机
        索尼 耳机
        sony headphones
        apple watch
        xiaomi phone
        huawei earbuds
        lenovo laptop
        nike running shoes
        李宁 跑鞋
        乐高 积木
        三只松鼠 坚果
        兰蔻 精华
        uniqlo t-shirt
        优衣库 羽绒服
        九阳 豆浆机
        故宫 文创
        汤臣倍健 维生素
        royal canin cat food
        皇家 猫粮
        decathlon tent
        德芙 巧克力
        godiva chocolate
        swarovski necklace
        好孩子 推车
        飞科 剃须刀
        # attributes
        14英寸 笔记本
        8GB
        16GB 内存
        256GB 手机
        1TB
        白色 耳机
        黑色 背包
        1.7L 电热水壶
        4L 电饭煲
        10000mAh 充电宝
        20000mAh
        500ml 保温杯
        30ml 精华
        纯棉 四件套
        粉色
        红色 口红
        续航 40小时
        防水 手表
        6.67英寸
        15.6英寸
        3岁以上 玩具
        0-12个月
        800颗粒 积木
        400g 牛肉干
        4kg 狗粮
        SPF50
        16GB 1TB laptop
        8GB 256GB phone
        white earbuds
        stainless steel kettle 1.7L
        # phrases, Chinese
        推荐一款降噪耳机
        推荐500元以内的耳机 | max=500
        有没有适合学生的笔记本
        送妈妈什么礼物好
        给女朋友买生日礼物
        想买个电饭煲
        有什么好吃的零食
        宝宝用的尿不湿哪个好
        适合跑步的耳机
        办公室零食推荐
        送长辈的礼物
        猫咪吃什么猫粮好
        宿舍用的小电器
        1000元左右的手机 | min=800; max=1200
        200块以内送男友的礼物 | max=200
        家里老人用的按摩仪
        有没有性价比高的充电宝
        追剧零食来一点
        过年送礼礼盒
        乔迁新居送什么
        情人节送女朋友口红
        夏天用的防晒
        适合新生儿的衣服
        健身用的蛋白粉
        能拍照的手机
        便宜点的蓝牙音箱 | max=300
        小孩玩的积木 | max=500
        推荐几本好书
        出差带的行李箱
        有没有适合油皮的面霜
        # phrases, English
        gift for mom
        gift for girlfriend
        birthday present for my dad
        something for a newborn baby
        noise cancelling headphones for commute
        cheap earbuds for running | max=200
        best laptop for students
        snacks for binge watching
        housewarming gift
        new year gift box
        good serum for dry skin
        toys for 3 year old
        a phone with a good camera
        wireless earbuds under 300 | max=300
        lipstick for valentine's day
        healthy snacks for the office
        something warm for winter
        chinese new year snacks
        a book about history
        stuff for my cat
        dog treats
        running shoes for men
        kitchen gadgets under 100 | max=100
        premium skincare gift set | min=500
        portable speaker for travel
        smart watch for fitness
        thermos for tea
        gift for teacher
        board game for a party
        baby stroller
        # typos and near misses
        hedphones
        headphnes
        labtop
        lipstik
        chocolat
        moon cake
        earbud
        xiomi
        iphon
        powerbank
        runing shoes
        keetle
        perfum
        sneakrs
        legos
        matebok
        sunscren
        dyson hairdryer
        耳几
        笔计本
        充电包
        电饭锅
        羽戎服
        巧克立
        蓝芽耳机
        # words with budget, category, brand and stock filters
        耳机 | max=300
        耳机 | min=500
        手机 | max=2000
        笔记本 | min=4000; max=8000
        口红 | max=400
        精华 | min=300
        猫粮 | max=200
        headphones | max=1000
        laptop | max=6000
        gift for mom | max=500
        推荐 | cat=electronics
        降噪 | cat=electronics; max=1000
        gift | cat=gifts
        零食 | cat=snacks; max=100
        玩具 | cat=toys; instock
        stuff for kids | cat=baby
        手机 | brand=小米 Xiaomi
        耳机 | brand=华为 Huawei
        watch | brand=苹果 Apple
        电饭煲 | brand=美的 Midea; max=500
        跑鞋 | brand=李宁 Li-Ning
        积木 | brand=乐高 LEGO; instock
        earbuds | instock
        耳机 | instock; max=200
        送女友 | max=1000; instock
        student | cat=electronics; max=3000
        护肤 | cat=beauty
        running | cat=sports
        生日礼物 | min=100; max=500
        小米 | cat=home
        # empty text: popular products, with and without filters
        |
        | cat=electronics
        | cat=beauty
        | cat=snacks
        | cat=pets
        | max=100
        | min=1000
        | min=200; max=500
        | brand=小米 Xiaomi
        | brand=优衣库 Uniqlo
        | instock
        | cat=toys; max=300
        | cat=gifts; instock
        | cat=books
        | cat=baby; max=200
        """;

    public static IReadOnlyList<ProductQuery> For(string merchantId) =>
        Table.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Parse(merchantId, line))
            .ToList();

    /// <summary>The query as it would be typed, with its filters, for tables: <c>耳机 [max=300]</c>, <c>(empty) [cat=books]</c>.</summary>
    public static string Describe(ProductQuery query)
    {
        var filters = new List<string>();
        if (query.BudgetMin is { } min)
        {
            filters.Add($"min={min}");
        }
        if (query.BudgetMax is { } max)
        {
            filters.Add($"max={max}");
        }
        if (!string.IsNullOrEmpty(query.Category))
        {
            filters.Add($"cat={query.Category}");
        }
        if (!string.IsNullOrEmpty(query.Brand))
        {
            filters.Add($"brand={query.Brand}");
        }
        if (query.InStockOnly)
        {
            filters.Add("instock");
        }
        var text = query.Text.Length == 0 ? "(empty)" : query.Text;
        return filters.Count == 0 ? text : $"{text} [{string.Join("; ", filters)}]";
    }

    private static ProductQuery Parse(string merchantId, string line)
    {
        var bar = line.IndexOf('|', StringComparison.Ordinal);
        var query = new ProductQuery(merchantId, (bar < 0 ? line : line[..bar]).Trim());
        if (bar < 0)
        {
            return query;
        }
        foreach (var filter in line[(bar + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = filter.IndexOf('=', StringComparison.Ordinal) is var equals and > 0
                ? (filter[..equals], filter[(equals + 1)..])
                : (filter, "");
            query = name switch
            {
                "min" => query with { BudgetMin = decimal.Parse(value, CultureInfo.InvariantCulture) },
                "max" => query with { BudgetMax = decimal.Parse(value, CultureInfo.InvariantCulture) },
                "cat" => query with { Category = value },
                "brand" => query with { Brand = value },
                "instock" => query with { InStockOnly = true },
                _ => throw new FormatException($"Unknown filter '{filter}' in query line '{line}'."),
            };
        }
        return query;
    }
}
