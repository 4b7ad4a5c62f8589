using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class RecommenderTests : IDisposable
{
    private readonly RecommendationsHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("", 500)]
    [InlineData("耳机", 500)]
    [InlineData("", 60)]
    public void EveryPickIsWithinTheBudgetAtItsOwnOrItsGroupPrice(string query, int max)
    {
        var picks = _harness.Recommend(query: query, max: max);

        Assert.NotEmpty(picks);
        Assert.All(picks, p => Assert.True(p.Product.Price <= max || p.Product.GroupPriceTiers.Any(t => t.Price <= max), $"{p.Product.ProductId} costs {p.Product.Price}"));
        Assert.All(picks, p => Assert.Equal("在你的预算内", p.Reason));
    }

    [Fact]
    public void APriceInTheUpperPartOfTheBudgetFitsBetterThanACheapOne()
    {
        var budget = new BudgetFit(null, 500);

        var nearTop = budget.Fit(Priced(420));
        var atTop = budget.Fit(Priced(500));
        var cheap = budget.Fit(Priced(60));

        Assert.True(nearTop > atTop && atTop > cheap, $"420 → {nearTop}, 500 → {atTop}, 60 → {cheap}");
        Assert.Equal(0, budget.Fit(Priced(501)));
    }

    [Fact]
    public void AProductBoughtInAGroupRanksHigherForThatGroupThanBeforeAndTheReasonSaysSo()
    {
        const string product = "EL-HP-007";
        var before = RankOf(product, _harness.Recommend(group: "family"));

        foreach (var user in new[] { "ann", "ben", "cat" })
        {
            _harness.Record("family", user, product, SignalKind.Purchased);
        }
        var after = _harness.Recommend(group: "family");
        var english = _harness.Recommend(group: "family", language: "en");
        var elsewhere = _harness.Recommend(group: "strangers");

        Assert.True(RankOf(product, after) < before, $"rank {RankOf(product, after)} is not better than {before}");
        Assert.Equal("群里3人买过", after.Single(p => p.Product.ProductId == product).Reason);
        Assert.Equal("3 people here bought it", english.Single(p => p.Product.ProductId == product).Reason);
        Assert.Equal(before, RankOf(product, elsewhere));
    }

    [Fact]
    public void AProductJoinedInAGroupRanksHigherForThatGroupAndTheReasonSaysSo()
    {
        const string product = "KT-CF-001";
        var before = RankOf(product, _harness.Recommend(group: "runners"));

        _harness.Record("runners", "ann", product, SignalKind.Joined);
        _harness.Record("runners", "ben", product, SignalKind.Joined);
        _harness.Record("runners", "ben", product, SignalKind.Joined);
        var after = _harness.Recommend(group: "runners");

        Assert.True(RankOf(product, after) < before, $"rank {RankOf(product, after)} is not better than {before}");
        Assert.Equal("群里2人拼过", after.Single(p => p.Product.ProductId == product).Reason);
    }

    [Fact]
    public void AfterGroupsBuyAWithBRecommendingWithAInViewFavoursB()
    {
        const string a = "SN-NT-004";
        const string b = "KT-CF-001";
        var before = RankOf(b, _harness.Recommend(group: "newcomers", inView: [a]));

        foreach (var group in new[] { "g1", "g2", "g3" })
        {
            _harness.Record(group, "first-" + group, a, SignalKind.Purchased);
            _harness.Record(group, "second-" + group, b, SignalKind.Purchased);
        }
        var after = _harness.Recommend(group: "newcomers", inView: [a]);
        var english = _harness.Recommend(group: "newcomers", inView: [a], language: "en");

        Assert.True(RankOf(b, after) < before, $"rank {RankOf(b, after)} is not better than {before}");
        Assert.Equal(1, RankOf(b, after));
        Assert.StartsWith("常和洽洽", after[0].Reason);
        Assert.EndsWith("一起买", after[0].Reason);
        Assert.StartsWith("often bought with ChaCha", english[0].Reason);
        Assert.DoesNotContain(after, p => p.Product.ProductId == a);
    }

    [Fact]
    public void AGroupsOwnBuysAlsoPullInWhatOthersBoughtWithThem()
    {
        const string a = "SN-NT-004";
        const string b = "KT-CF-001";
        _harness.Record("g1", "ann", a, SignalKind.Purchased);
        _harness.Record("g1", "ann", b, SignalKind.Purchased);
        var before = RankOf(b, _harness.Recommend(group: "snackers"));

        _harness.Record("snackers", "zoe", a, SignalKind.Purchased);
        var after = _harness.Recommend(group: "snackers");

        Assert.True(RankOf(b, after) < before, $"rank {RankOf(b, after)} is not better than {before}");
    }

    [Fact]
    public void WhatSimilarGroupsBoughtRanksHigherForThisGroup()
    {
        const string shared = "HL-SP-001";
        const string theirs = "BK-HS-002";
        foreach (var group in new[] { "parents-1", "parents-2" })
        {
            _harness.Record(group, "p-" + group, shared, SignalKind.Purchased);
            _harness.Record(group, "q-" + group, theirs, SignalKind.Purchased);
        }
        _harness.Record("my-parents", "me", shared, SignalKind.Viewed);
        var before = RankOf(theirs, _harness.Recommend(group: "fresh"));

        var after = _harness.Recommend(group: "my-parents");

        Assert.True(RankOf(theirs, after) < before, $"rank {RankOf(theirs, after)} is not better than {before}");
    }

    [Fact]
    public void TheTopThreeHoldNoNearDuplicatesWhichArePushedDownNotDropped()
    {
        _harness.Catalog.Upsert("dups", [
            Earbuds("ACME-1", "Acme 降噪蓝牙耳机 X1 黑色", "Acme", 9000),
            Earbuds("ACME-2", "Acme 降噪蓝牙耳机 X1 白色", "Acme", 8000),
            Earbuds("ACME-3", "Acme 降噪蓝牙耳机 X1 Pro", "Acme", 7000, sub: "headphones-pro"),
            Earbuds("BOLT-1", "Bolt 运动蓝牙耳机", "Bolt", 500),
            Earbuds("CORA-1", "Cora 头戴式耳机", "Cora", 400, sub: "over-ear"),
        ]);

        var picks = _harness.Recommend(query: "耳机", limit: 5, merchant: "dups");

        var top = picks.Take(3).Select(p => p.Product).ToList();
        Assert.All(top.SelectMany((x, i) => top.Skip(i + 1).Select(y => (x, y))), pair => Assert.False(NearDuplicates.Are(pair.x, pair.y), $"{pair.x.ProductId} ~ {pair.y.ProductId}"));
        Assert.Equal(["ACME-1", "BOLT-1", "CORA-1"], top.Select(p => p.ProductId));
        Assert.Equal(5, picks.Count);
        Assert.Equal(picks.Select(p => p.Score).OrderDescending(), picks.Select(p => p.Score));
    }

    [Fact]
    public void GiftPicksForAMothersBirthdayComeFromThePriorsCategoriesOrTagsWithItsReason()
    {
        var prior = _harness.GiftPriors.Resolve(RecommendationsHarness.Demo, "mother", "birthday")!;

        var picks = _harness.Recommend(recipient: "mother", occasion: "birthday", limit: 10);
        var english = _harness.Recommend(recipient: "mother", occasion: "birthday", limit: 3, language: "en");

        Assert.Equal(10, picks.Count);
        Assert.All(picks, p => Assert.True(
            prior.Categories.Contains(p.Product.Category) || p.Product.Tags.Intersect(prior.Tags).Any(),
            $"{p.Product.ProductId} ({p.Product.Category}: {string.Join(',', p.Product.Tags)}) does not suit"));
        Assert.All(picks, p => Assert.Equal("妈妈生日的热门礼物", p.Reason));
        Assert.All(english, p => Assert.Equal("popular birthday gift for mothers", p.Reason));
        Assert.Contains(picks.Take(5), p => p.Product.Tags.Contains("送妈妈"));
    }

    [Fact]
    public void AGiftForARecipientOnAnOccasionWithoutItsOwnPriorFallsBackToTheRecipientsPrior()
    {
        var picks = _harness.Recommend(recipient: "teacher", occasion: "wedding", limit: 5);

        Assert.NotEmpty(picks);
        Assert.All(picks, p => Assert.Equal("送老师的心意", p.Reason));
    }

    [Fact]
    public void AnOccasionAloneDrawsOnEveryPriorForThatOccasion()
    {
        var picks = _harness.Recommend(occasion: "mid_autumn", limit: 5);

        Assert.NotEmpty(picks);
        Assert.Contains(picks, p => p.Product.Tags.Contains("月饼"));
        Assert.All(picks, p => Assert.Equal("中秋的热门礼物", p.Reason));
    }

    [Fact]
    public void InvalidInputIsRefusedWithEveryFieldAtOnce()
    {
        var error = Assert.Throws<InvalidRequestException>(() => _harness.Recommender.Recommend(new RecommendationRequest
        {
            MerchantId = RecommendationsHarness.Demo,
            Limit = 21,
            BudgetMin = -1,
            BudgetMax = -2,
            Recipient = "grandma",
            Occasion = "halloween",
            Language = "fr",
            ContextProductIds = Enumerable.Range(0, 21).Select(i => $"P-{i}").ToList(),
        }));

        Assert.Equal(
            ["budget", "budget.max", "budget.min", "context_product_ids", "language", "limit", "occasion", "recipient"],
            error.Violations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ZeroMeansTheDefaultOfFivePicks()
    {
        Assert.Equal(Recommender.DefaultLimit, _harness.Recommend(limit: 0).Count);
    }

    private static int RankOf(string productId, IReadOnlyList<Recommendation> picks)
    {
        var index = picks.Select(p => p.Product.ProductId).ToList().IndexOf(productId);
        return index < 0 ? int.MaxValue : index + 1;
    }

    private static Product Priced(decimal price) => new() { ProductId = "P", Price = price };

    private static Product Earbuds(string id, string title, string brand, int sales, string sub = "headphones") => new()
    {
        ProductId = id,
        Title = title,
        TitleZh = title,
        Brand = brand,
        CategoryPath = ["electronics", sub],
        Aliases = ["耳机"],
        Price = 199,
        Stock = 10,
        SalesCount = sales,
    };
}
