using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Catalog.Search;
using ChatCommerce.BotServer.Demo;
using Xunit.Abstractions;

namespace ChatCommerce.BotServer.Tests.Catalog;

public sealed class LuceneProductSearchTests(ITestOutputHelper output) : IDisposable
{
    private const string Shop = "shop";

    private readonly LuceneProductSearch _search = new();

    public void Dispose() => _search.Dispose();

    [Fact]
    public void AChineseQueryFindsAProductByABrandAndAliasTaughtToTheSegmenterAtRuntime()
    {
        using var queries = new ProductQueryBuilder(ChineseSegmenter.Shared);
        var before = queries.Tokens("我想要喵呜坊的云朵猫窝").Where(t => t.Kind == TokenKinds.Word).Select(t => t.Term).ToList();

        _search.Index([Item("cat-bed", "宠物窝垫", brand: "喵呜坊 Meowfang", aliases: ["云朵猫窝"]), Item("dog-bed", "狗窝 大号", brand: "汪汪队")]);
        var after = queries.Tokens("我想要喵呜坊的云朵猫窝").Where(t => t.Kind == TokenKinds.Word).Select(t => t.Term).ToList();
        var hits = Ids(new ProductQuery(Shop, "我想要喵呜坊的云朵猫窝"));

        Assert.DoesNotContain("喵呜坊", before);
        Assert.Contains("喵呜坊", after);
        Assert.Contains("云朵猫窝", after);
        Assert.Equal("cat-bed", hits.First());
    }

    [Theory]
    [InlineData("earbud", "buds")]
    [InlineData("earbuds", "bud")]
    [InlineData("Sony's headphones", "sony")]
    public void EnglishWordsMatchWhateverTheirEnding(string query, string expected)
    {
        _search.Index([
            Item("buds", "Noise-cancelling wireless earbuds"),
            Item("bud", "Earbud replacement tip"),
            Item("sony", "WH-1000XM5 over-ear headphone", brand: "索尼 Sony"),
            Item("kettle", "Electric kettle"),
        ]);

        Assert.Contains(expected, Ids(new ProductQuery(Shop, query)));
        Assert.DoesNotContain("kettle", Ids(new ProductQuery(Shop, query)));
    }

    [Fact]
    public void AMisspeltWordStillFindsTheProductButBelowAnExactMatch()
    {
        _search.Index([Item("phones", "Studio headphones"), Item("speaker", "Bluetooth speaker")]);

        var typo = Ids(new ProductQuery(Shop, "hedphones"));
        var mixed = Ids(new ProductQuery(Shop, "hedphones speaker"));

        Assert.Equal(["phones"], typo);
        Assert.Equal(["speaker", "phones"], mixed);
    }

    [Theory]
    [InlineData("14英寸")]
    [InlineData("14寸笔记本")]
    [InlineData("14-inch laptop")]
    [InlineData("14 inch")]
    public void AScreenSizeInAnyNotationFindsTheLaptopWithThatScreen(string query)
    {
        _search.Index([
            Laptop("14", "14.0英寸", "8GB"),
            Laptop("15", "15.6英寸", "16GB"),
            Laptop("13", "13.3英寸", "8GB"),
        ]);

        Assert.Equal("laptop-14", Ids(new ProductQuery(Shop, query)).First());
    }

    [Theory]
    [InlineData("8GB")]
    [InlineData("8 gb")]
    [InlineData("8G内存")]
    [InlineData("内存8GB的笔记本")]
    public void AMemorySizeInAnyNotationFindsTheLaptopsWithThatMemory(string query)
    {
        _search.Index([
            Laptop("14", "14.0英寸", "8GB"),
            Laptop("15", "15.6英寸", "16GB"),
            Laptop("13", "13.3英寸", "8GB"),
        ]);

        Assert.Equal(["laptop-13", "laptop-14"], Ids(new ProductQuery(Shop, query)).Take(2).Order());
    }

    [Theory]
    [InlineData("7座SUV")]
    [InlineData("七座")]
    [InlineData("7 seats")]
    [InlineData("a seven-seater")]
    [InlineData("6个人坐的车")]
    [InlineData("SUV for 6 people")]
    public void ASeatCountOrAPartySizeFindsTheCarWithEnoughSeats(string query)
    {
        _search.Index([Car("5", "5"), Car("7", "7"), Car("4", "4")]);

        Assert.Equal("car-7", Ids(new ProductQuery(Shop, query)).First());
    }

    [Theory]
    [InlineData("耳机", "headphones")]
    [InlineData("laptop", "笔记本")]
    [InlineData("hatchback", "两厢车")]
    [InlineData("gasoline", "汽油")]
    public void SynonymsCrossLanguages(string query, string productWord)
    {
        _search.Index([Item("target", $"Model X {productWord}"), Item("other", "Model Y kettle 水壶")]);

        Assert.Equal(["target"], Ids(new ProductQuery(Shop, query)));
    }

    [Fact]
    public void AnAliasIsASynonymOfItsProduct()
    {
        _search.Index([Item("airpods", "Apple 无线耳机 第三代", aliases: ["豆子"]), Item("case", "Phone case")]);

        Assert.Equal(["airpods"], Ids(new ProductQuery(Shop, "豆子")));
    }

    [Fact]
    public void ABudgetKeepsProductsWhosePriceOrBestGroupPriceIsWithinIt()
    {
        _search.Index([
            Item("cheap", "耳机 入门", price: 99),
            Item("group", "耳机 拼团款", price: 600, groupPrice: 450),
            Item("dear", "耳机 旗舰", price: 2999),
        ]);

        Assert.Equal(["cheap", "group"], Ids(new ProductQuery(Shop, "耳机", BudgetMax: 500)).Order());
        Assert.Equal(["dear", "group"], Ids(new ProductQuery(Shop, "耳机", BudgetMin: 500)).Order());
        Assert.Equal(["group"], Ids(new ProductQuery(Shop, "耳机", BudgetMin: 400, BudgetMax: 500)));
        Assert.Equal(["cheap"], Ids(new ProductQuery(Shop, "耳机", BudgetMin: 99, BudgetMax: 99)));
    }

    [Theory]
    [InlineData("electronics")]
    [InlineData("Audio")]
    [InlineData("headphones")]
    public void ACategoryFilterMatchesTheTopLevelOrAnyElementOfThePath(string category)
    {
        _search.Index([
            Item("buds", "耳机", category: ["electronics", "audio", "headphones"]),
            Item("pillow", "耳机 造型抱枕", category: ["home", "pillows"]),
        ]);

        Assert.Equal(["buds"], Ids(new ProductQuery(Shop, "耳机", Category: category)));
    }

    [Theory]
    [InlineData("Sony")]
    [InlineData("sony")]
    [InlineData("索尼")]
    [InlineData("索尼 Sony")]
    [InlineData("ＳＯＮＹ")]
    public void ABrandFilterMatchesEitherLanguageWhateverTheCase(string brand)
    {
        _search.Index([Item("sony", "降噪耳机", brand: "索尼 Sony"), Item("mi", "降噪耳机", brand: "小米 Xiaomi")]);

        Assert.Equal(["sony"], Ids(new ProductQuery(Shop, "耳机", Brand: brand)));
    }

    [Fact]
    public void InStockOnlyLeavesOutSoldOutProducts()
    {
        _search.Index([Item("in", "保温杯", stock: 3), Item("out", "保温杯", stock: 0)]);

        Assert.Equal(["in"], Ids(new ProductQuery(Shop, "保温杯", InStockOnly: true)));
        Assert.Equal(["in", "out"], Ids(new ProductQuery(Shop, "保温杯")).Order());
    }

    [Fact]
    public void AnInactiveProductIsNeverReturned()
    {
        _search.Index([Item("on", "保温杯"), Item("off", "保温杯", active: false)]);
        var listed = Item("listed", "保温杯 大号");
        _search.Index([listed]);
        _search.Index([Item("listed", "保温杯 大号", active: false)]);

        Assert.Equal(["on"], Ids(new ProductQuery(Shop, "保温杯")));
        Assert.Equal(["on"], Ids(new ProductQuery(Shop, "")));
    }

    [Fact]
    public void AnEmptyQueryListsPopularProductsThatPassTheFilters()
    {
        _search.Index([
            Item("a", "杯子", price: 50, sales: 10),
            Item("b", "杯子", price: 50, sales: 500),
            Item("c", "杯子", price: 900, sales: 9000),
            Item("d", "杯子", price: 50, sales: 100, stock: 0),
        ]);

        var popular = _search.Search(new ProductQuery(Shop, "   ", BudgetMax: 100, InStockOnly: true));

        Assert.Equal(["b", "a"], popular.Hits.Select(h => h.Product.ProductId));
        Assert.Equal(2, popular.TotalCount);
        Assert.Equal(["c", "b", "d", "a"], Ids(new ProductQuery(Shop, "推荐一下")));
    }

    [Fact]
    public void PagesFollowOneAnotherWithoutRepeatsAndTheTotalCountsEveryMatch()
    {
        _search.Index(Enumerable.Range(0, 25).Select(i => Item($"mug-{i:D2}", $"马克杯 {i}号", sales: i)).Append(Item("pen", "钢笔")).ToList());

        var pages = Enumerable.Range(0, 3).Select(page => _search.Search(new ProductQuery(Shop, "马克杯", Offset: page * 10, Limit: 10))).ToList();

        Assert.All(pages, p => Assert.Equal(25, p.TotalCount));
        Assert.Equal([10, 10, 5], pages.Select(p => p.Hits.Count));
        Assert.Equal(25, pages.SelectMany(p => p.Hits).Select(h => h.Product.ProductId).Distinct().Count());
    }

    [Fact]
    public void AnOffsetFarPastTheEndAnswersAnEmptyPageWithTheTotal()
    {
        _search.Index([Item("a", "马克杯"), Item("b", "马克杯")]);

        var scored = _search.Search(new ProductQuery(Shop, "马克杯", Offset: int.MaxValue, Limit: 100));
        var popular = _search.Search(new ProductQuery(Shop, "", Offset: int.MaxValue - 1, Limit: int.MaxValue));

        Assert.Empty(scored.Hits);
        Assert.Equal(2, scored.TotalCount);
        Assert.Empty(popular.Hits);
        Assert.Equal(2, popular.TotalCount);
    }

    [Fact]
    public void ASearchAskedAgainAfterAWriteSeesTheWrite()
    {
        _search.Index([Item("in", "保温杯", stock: 3), Item("soon", "保温杯", stock: 1)]);
        var query = new ProductQuery(Shop, "保温杯", InStockOnly: true);
        var first = Ids(query).Order().ToList();

        _search.Index([Item("soon", "保温杯", stock: 0)]);
        var afterSellOut = Ids(query);
        _search.Index([Item("new", "保温杯 大号", stock: 5)]);
        var afterNew = Ids(query).Order().ToList();

        Assert.Equal(["in", "soon"], first);
        Assert.Equal(["in"], afterSellOut);
        Assert.Equal(["in", "new"], afterNew);
        Assert.Equal(Ids(query).Order(), afterNew);
    }

    [Fact]
    public void ADeletedProductDisappearsFromTheVeryNextSearch()
    {
        _search.Index([Item("kettle", "电热水壶"), Item("pot", "电热水壶 大容量")]);

        _search.Remove(Shop, "kettle");

        Assert.Equal(["pot"], Ids(new ProductQuery(Shop, "电热水壶")));
        Assert.Equal(["pot"], Ids(new ProductQuery(Shop, "")));
    }

    [Fact]
    public void AnUpsertIsFoundByItsNewWordsAndNoLongerByItsOldOnesAtOnce()
    {
        _search.Index([Item("p1", "电热水壶")]);

        _search.Index([Item("p1", "养生壶 玻璃", price: 199)]);

        Assert.Equal(["p1"], Ids(new ProductQuery(Shop, "养生壶")));
        Assert.Empty(Ids(new ProductQuery(Shop, "电热水壶")));
        Assert.Equal(199, _search.Search(new ProductQuery(Shop, "养生壶")).Hits.Single().Product.Price);
    }

    [Fact]
    public void MerchantsNeverSeeEachOthersProducts()
    {
        _search.Index([Item("mine", "降噪耳机", merchant: "alpha"), Item("theirs", "降噪耳机", merchant: "beta")]);

        var alpha = _search.Search(new ProductQuery("alpha", "降噪耳机"));
        var alphaPopular = _search.Search(new ProductQuery("alpha", ""));
        var stranger = _search.Search(new ProductQuery("gamma", "降噪耳机"));
        _search.Remove("alpha", "theirs");

        Assert.Equal(["mine"], alpha.Hits.Select(h => h.Product.ProductId));
        Assert.Equal(["mine"], alphaPopular.Hits.Select(h => h.Product.ProductId));
        Assert.Empty(stranger.Hits);
        Assert.Equal(["theirs"], Ids(new ProductQuery("beta", "降噪耳机")));
    }

    [Fact]
    public void ARebuildIndexesEveryActiveProductOfEveryMerchantInTheStore()
    {
        _search.Index([Item("gone", "旧款耳机", merchant: "alpha")]);
        var store = new ListStore([Item("buds", "蓝牙耳机", merchant: "alpha"), Item("off", "蓝牙耳机", merchant: "alpha", active: false), Item("mug", "马克杯", merchant: "beta")]);

        _search.Rebuild(store);

        Assert.Equal(["buds"], Ids(new ProductQuery("alpha", "耳机")));
        Assert.Equal(["mug"], Ids(new ProductQuery("beta", "马克杯")));
    }

    [Theory]
    [InlineData("🎧🎧🎧")]
    [InlineData("\uD83C")]
    [InlineData("耳机\uDC00\uD800")]
    [InlineData("title:(a OR")]
    [InlineData("耳机 AND NOT earbuds~2 ^3 \"*?")]
    [InlineData("\0\u0001\u200B\u202E")]
    [InlineData("   \t\n")]
    [InlineData("سماعات наушники ヘッドホン 헤드폰")]
    [InlineData("1,2,3,4,5,6,7,8,9 100000000000000000000000000000座 9999999999999999999999人")]
    [InlineData("79228162514264337593543950335万 7922816251426433759354395033.5万元 0.0000000000001英寸")]
    public void StrangeInputIsAnsweredWithoutThrowing(string query)
    {
        _search.Index([Item("buds", "降噪耳机 earbuds")]);

        var result = _search.Search(new ProductQuery(Shop, query));

        Assert.NotNull(result);
    }

    [Fact]
    public void TenThousandCharactersOfAnythingAreAnsweredWithoutThrowing()
    {
        _search.Index([Item("buds", "降噪耳机 earbuds")]);
        var random = new Random(1);
        var noise = new string(Enumerable.Range(0, 10_000).Select(_ => (char)random.Next(0, 0xFFFF)).ToArray());

        Assert.NotNull(_search.Search(new ProductQuery(Shop, noise)));
        Assert.NotNull(_search.Search(new ProductQuery(Shop, "耳机" + new string('x', 10_000))));
        Assert.NotNull(_search.Search(new ProductQuery(Shop, string.Concat(Enumerable.Repeat("耳机 earbuds 8GB 7座 ", 600)))));
    }

    [Fact]
    public void LuceneQuerySyntaxInUserTextIsSearchedForNotObeyed()
    {
        _search.Index([Item("a", "apple juice"), Item("b", "orange juice")]);

        Assert.Equal(["a", "b"], Ids(new ProductQuery(Shop, "juice -orange")).Order());
        Assert.Empty(Ids(new ProductQuery(Shop, "id:b")));
    }

    [Fact]
    public async Task SearchesAndWritesRunTogetherSafely()
    {
        _search.Index(Enumerable.Range(0, 50).Select(i => Item($"p{i}", $"保温杯 {i}")).ToList());

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                _search.Index([Item($"n{i % 20}", $"保温杯 新款{i} 喵{i % 7}号", sales: i)]);
                _search.Remove(Shop, $"p{i % 50}");
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var result = _search.Search(new ProductQuery(Shop, (i + r) % 3 == 0 ? "" : "保温杯 喵3号", Limit: 20));
                Assert.All(result.Hits, h => Assert.Equal(Shop, h.Product.MerchantId));
                Assert.Equal(result.Hits.Count, result.Hits.Select(h => h.Product.ProductId).Distinct().Count());
            }
        }));
        await Task.WhenAll(readers.Append(writer));

        var final = _search.Search(new ProductQuery(Shop, "保温杯 新款", Limit: 100));
        Assert.Equal(20, final.TotalCount);
        Assert.All(final.Hits, h => Assert.StartsWith("n", h.Product.ProductId, StringComparison.Ordinal));
    }

    /// <summary>
    /// Known-item search by a fragment of a Chinese name (2–3 characters from inside a title), over the
    /// demo catalog: what jieba alone misses when the fragment is not a word, the bigrams catch.
    /// </summary>
    [Fact]
    public void AFragmentOfAChineseProductNameFindsTheProduct()
    {
        var catalog = DemoSeeder.LoadCatalog(DemoSeeder.CatalogPath);
        foreach (var product in catalog)
        {
            product.MerchantId = Shop;
        }
        _search.Index(catalog);
        var random = new Random(7);
        var asked = 0;
        var found = 0;
        foreach (var product in catalog)
        {
            var runs = SearchText.ChineseRuns(SearchText.Normalize(product.Title)).Where(r => r.Length >= 4).ToList();
            if (runs.Count == 0)
            {
                continue;
            }
            var run = runs[random.Next(runs.Count)];
            var fragment = run.Substring(random.Next(run.Length - 2), random.Next(2) + 2);
            asked++;
            if (Ids(new ProductQuery(Shop, fragment)).Contains(product.ProductId))
            {
                found++;
            }
        }

        output.WriteLine($"name fragments: {found}/{asked} found in the top 10");
        Assert.True(found >= 0.95 * asked, $"{found}/{asked}");
    }

    private List<string> Ids(ProductQuery query) => _search.Search(query).Hits.Select(h => h.Product.ProductId).ToList();

    private static Product Item(
        string id, string title, string brand = "", string[]? aliases = null, string[]? category = null,
        decimal price = 100, decimal? groupPrice = null, int stock = 10, int sales = 0, bool active = true, string merchant = Shop) => new()
    {
        Id = Product.StorageKey(merchant, id),
        MerchantId = merchant,
        ProductId = id,
        Title = title,
        Brand = brand,
        Aliases = [.. aliases ?? []],
        CategoryPath = [.. category ?? ["general"]],
        Price = price,
        GroupPriceTiers = groupPrice is { } g ? [new GroupPriceTier { MinTeamSize = 2, Price = g }] : [],
        Stock = stock,
        SalesCount = sales,
        Active = active,
    };

    private static Product Laptop(string id, string screen, string memory)
    {
        var laptop = Item($"laptop-{id}", $"轻薄笔记本 Air{id}", category: ["computers", "laptops"]);
        laptop.Attributes = new() { ["屏幕尺寸"] = screen, ["内存容量"] = memory, ["颜色"] = "银色" };
        return laptop;
    }

    private static Product Car(string id, string seats)
    {
        var car = Item($"car-{id}", $"大众 SUV 型号{id}", category: ["cars", "suv"]);
        car.Attributes = new() { ["座位数"] = seats, ["车型"] = "SUV", ["能源类型"] = "汽油" };
        return car;
    }

    private sealed class ListStore(IReadOnlyList<Product> products) : IProductStore
    {
        public Product? Find(string merchantId, string productId) => products.FirstOrDefault(p => p.MerchantId == merchantId && p.ProductId == productId);

        public int Upsert(IReadOnlyCollection<Product> items) => throw new NotSupportedException();

        public IReadOnlyList<Product> List(string merchantId, string? afterProductId, int limit, string? category) => throw new NotSupportedException();

        public IEnumerable<Product> All(string merchantId) => products.Where(p => p.MerchantId == merchantId);

        public IReadOnlyList<string> MerchantIds() => [.. products.Select(p => p.MerchantId).Distinct()];

        public Product? Delete(string merchantId, string productId) => throw new NotSupportedException();
    }
}
