using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Tests.Intents;

/// <summary>Brands, categories and products read from a small merchant catalog.</summary>
public sealed class CatalogEntityExtractorTests : IDisposable
{
    private const string Shop = "shop";

    private readonly LuceneProductSearch _search = new();
    private readonly CatalogEntityExtractor _extractor;

    public CatalogEntityExtractorTests()
    {
        _search.Index(
        [
            Product("PB-1", "华为 Huawei", ["electronics", "power-banks"], "华为 超级快充移动电源 12000mAh", ["充电宝"]),
            Product("HP-1", "华为 Huawei", ["electronics", "headphones"], "华为 FreeBuds 6i 降噪耳机", ["耳机", "earbuds"]),
            Product("SW-1", "小米 Xiaomi", ["electronics", "smart-watches"], "小米手环 9 NFC版", ["手环", "小米手环"]),
            Product("LT-1", "惠普 HP", ["electronics", "laptops"], "惠普 HP 战66 笔记本", ["笔记本"]),
            Product("SK-1", "兰蔻 Lancôme", ["beauty", "skincare"], "兰蔻 Lancôme 小黑瓶精华肌底液 50ml", ["小黑瓶", "精华"]),
            Product("YG-1", "Keep", ["sports", "yoga"], "Keep 加厚TPE瑜伽垫 6mm", ["瑜伽垫", "yoga mat"]),
            Product("LB-1", "小佩 Petkit", ["pets", "cat-litter"], "小佩 Petkit 全自动猫砂盆", ["自动猫砂盆", "litter box"]),
        ]);
        _extractor = new CatalogEntityExtractor(new IndexedCatalogNames(_search));
    }

    public void Dispose() => _search.Dispose();

    [Fact]
    public void AChineseBrandGivesTheCatalogsBrandStringAndTheCategoryWordItsCategory()
    {
        var entities = Extract("帮我找个华为的充电宝");

        Assert.Contains(new EntityMatch("brand", "华为 Huawei", "华为", 4, 6), entities);
        Assert.Contains(new EntityMatch("category", "electronics", "充电宝", 7, 10), entities);
    }

    [Fact]
    public void AnEnglishBrandNameGivesTheSameBrand()
    {
        var entities = Extract("any Huawei earbuds?");

        Assert.Contains(new EntityMatch("brand", "华为 Huawei", "Huawei", 4, 10), entities);
        Assert.Contains(entities, e => e.Type == "category" && e.Value == "electronics" && e.Text == "earbuds");
    }

    [Fact]
    public void AProductAliasNamesTheProductItsBrandAndCategory()
    {
        var entities = Extract("小黑瓶多少钱");

        Assert.Contains(new EntityMatch("product", "SK-1", "小黑瓶", 0, 3), entities);
        Assert.Contains(entities, e => e.Type == "brand" && e.Value == "兰蔻 Lancôme");
        Assert.Contains(entities, e => e.Type == "category" && e.Value == "beauty");
    }

    [Fact]
    public void AModelNameInsideAChineseTitleNamesTheProduct()
    {
        Assert.Contains(Extract("freebuds 6i 还有货吗"), e => e.Type == "product" && e.Value == "HP-1" && e.Text == "freebuds 6i");
    }

    [Fact]
    public void TheLongestNameWins()
    {
        var entities = Extract("小米手环到手价");

        Assert.Contains(new EntityMatch("product", "SW-1", "小米手环", 0, 4), entities);
        Assert.DoesNotContain(entities, e => e.Text == "小米");
    }

    [Fact]
    public void AGenericWordSeveralProductsCouldBeIsACategoryNotAProduct()
    {
        var entities = Extract("想买个耳机");

        Assert.Contains(entities, e => e.Type == "category" && e.Value == "electronics");
        Assert.DoesNotContain(entities, e => e.Type is "product" or "brand");
    }

    [Fact]
    public void ALatinNameIsAWholeWord()
    {
        Assert.DoesNotContain(Extract("anyone here write php?"), e => e.Type == "brand");
        Assert.Contains(Extract("is the hp laptop any good"), e => e.Type == "brand" && e.Value == "惠普 HP" && e.Text == "hp");
        Assert.Contains(Extract("hp的笔记本"), e => e.Type == "brand" && e.Value == "惠普 HP");
    }

    [Fact]
    public void TraditionalCharactersAndFullWidthLettersMatchAndKeepTheirOriginalText()
    {
        var entities = Extract("有沒有賣自動貓砂盆的 ＨＵＡＷＥＩ");

        Assert.Contains(entities, e => e.Type == "category" && e.Value == "pets" && e.Text == "自動貓砂盆" && e.Start == 4 && e.End == 9);
        Assert.Contains(new EntityMatch("brand", "华为 Huawei", "ＨＵＡＷＥＩ", 11, 17), entities);
    }

    [Fact]
    public void OffsetsAreUtf16OffsetsInTheOriginalMessage()
    {
        var text = "😀 lancôme 小黑瓶";
        var product = Assert.Single(Extract(text), e => e.Type == "product");

        Assert.Equal((11, 14), (product.Start, product.End));
        Assert.Equal("小黑瓶", text[product.Start..product.End]);
    }

    [Fact]
    public void AnAccentCanBeLeftOut()
    {
        Assert.Contains(Extract("lancome serum"), e => e.Type == "brand" && e.Value == "兰蔻 Lancôme");
    }

    [Fact]
    public void ABrandThatIsAnEverydayWordCountsOnlyBesideWhatItSells()
    {
        Assert.Empty(Extract("keep me posted"));
        Assert.Contains(Extract("keep的瑜伽垫怎么样"), e => e.Type == "brand" && e.Value == "Keep");
    }

    [Fact]
    public void WithoutAKnownMerchantThereAreNoCatalogEntities()
    {
        Assert.Empty(_extractor.Extract("someone-else", "华为充电宝", "华为充电宝"));
        Assert.Empty(_extractor.Extract("", "华为充电宝", "华为充电宝"));
        Assert.Empty(new CatalogEntityExtractor(null).Extract(Shop, "华为充电宝", "华为充电宝"));
    }

    [Fact]
    public void ANameTwoBrandsShareNamesNeither()
    {
        _search.Index([Product("PB-2", "华为 Huawei Plus", ["electronics", "power-banks"], "华为 Plus 充电宝", ["充电宝"])]);

        Assert.DoesNotContain(Extract("华为的充电宝"), e => e.Type == "brand" && e.Text == "华为");
    }

    [Fact]
    public void AStockOrPriceChangeKeepsTheNamesAndARenameReplacesThem()
    {
        var names = new IndexedCatalogNames(_search);
        var before = names.For(Shop);
        var sold = Product("PB-1", "华为 Huawei", ["electronics", "power-banks"], "华为 超级快充移动电源 12000mAh", ["充电宝"]);
        sold.Stock = 0;
        sold.Price = 89;

        _search.Index([sold]);
        var afterStock = names.For(Shop);
        _search.Index([Product("PB-1", "华为 Huawei", ["electronics", "power-banks"], "华为 超级快充移动电源 12000mAh", ["充电宝", "移动电源"])]);
        var afterAlias = names.For(Shop);

        Assert.Same(before, afterStock);
        Assert.NotSame(before, afterAlias);
        Assert.Contains(afterAlias!.Names, n => n.Text == "移动电源");
    }

    private IReadOnlyList<EntityMatch> Extract(string text) => _extractor.Extract(Shop, TextNormalizer.Normalize(text), text);

    private static Product Product(string id, string brand, List<string> categoryPath, string title, List<string> aliases) => new()
    {
        Id = ChatCommerce.BotServer.Catalog.Product.StorageKey(Shop, id),
        MerchantId = Shop,
        ProductId = id,
        Title = title,
        TitleZh = title,
        Brand = brand,
        CategoryPath = categoryPath,
        Aliases = aliases,
        Price = 100,
        Stock = 10,
    };
}
