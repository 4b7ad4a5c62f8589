using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class LiteDbGroupSignalStoreTests : IDisposable
{
    private readonly RecommendationsHarness _harness = new(demoCatalog: false);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void ManySignalsOnOneProductInOneGroupAreOneCounterRowNotOneRowPerEvent()
    {
        for (var i = 0; i < 200; i++)
        {
            _harness.Record("g1", $"user-{i % 7}", "P-1", i % 2 == 0 ? SignalKind.Viewed : SignalKind.Joined);
        }

        var activity = Assert.Single(_harness.SignalReader.ForGroup("demo", "console", "g1"));
        Assert.Equal(100, activity.Views);
        Assert.Equal(100, activity.Joins);
        Assert.Equal(7, activity.Joiners);
        _harness.Get<LiteDbGroupSignalStore>().Flush();
        Assert.Equal(1, _harness.Db.Collection<GroupProductSignals>("signal_group_products").Count());
    }

    [Fact]
    public void ProductsBoughtByTheSameGroupOrTheSameUserAreCountedAsBoughtTogether()
    {
        _harness.Record("g1", "ann", "A", SignalKind.Purchased);
        _harness.Record("g1", "ben", "B", SignalKind.Joined);
        _harness.Record("g2", "ann", "C", SignalKind.Purchased);

        Assert.Equal([("B", 1), ("C", 1)], Pairs("A"));
        Assert.Equal([("A", 1)], Pairs("B"));
        Assert.Equal([("A", 1)], Pairs("C"));
    }

    [Fact]
    public void TheSamePersonJoiningAgainDoesNotInflateBoughtTogether()
    {
        _harness.Record("g1", "ann", "A", SignalKind.Purchased);
        for (var i = 0; i < 5; i++)
        {
            _harness.Record("g1", "ben", "B", SignalKind.Joined);
        }
        _harness.Record("g1", "cat", "B", SignalKind.Joined);

        Assert.Equal([("B", 2)], Pairs("A"));
    }

    [Fact]
    public void ViewsAloneAreNotBoughtTogether()
    {
        _harness.Record("g1", "ann", "A", SignalKind.Viewed);
        _harness.Record("g1", "ann", "B", SignalKind.Purchased);

        Assert.Empty(Pairs("B"));
    }

    [Fact]
    public void AMerchantSeesOnlyItsOwnSignals()
    {
        _harness.Record("g1", "ann", "A", SignalKind.Purchased, merchant: "shop-a");
        _harness.Record("g1", "ann", "B", SignalKind.Purchased, merchant: "shop-b");

        Assert.Equal(["A"], _harness.SignalReader.ForGroup("shop-a", null, "g1").Select(a => a.ProductId));
        Assert.Empty(_harness.SignalReader.BoughtWith("shop-b", "A"));
        Assert.Equal(["B"], _harness.SignalReader.RecentForUser("shop-b", "console", "ann"));
    }

    [Fact]
    public void AUserRemembersOnlyTheirMostRecentProducts()
    {
        for (var i = 0; i < LiteDbGroupSignalStore.MaxRecentPerUser + 5; i++)
        {
            _harness.Record("g1", "ann", $"P-{i}", SignalKind.Purchased);
        }

        var recent = _harness.SignalReader.RecentForUser("demo", "console", "ann");

        Assert.Equal(LiteDbGroupSignalStore.MaxRecentPerUser, recent.Count);
        Assert.Equal($"P-{LiteDbGroupSignalStore.MaxRecentPerUser + 4}", recent[0]);
    }

    [Fact]
    public void AGroupThatOnlyLooksAtEverMoreProductsKeepsTheMostRecentOnesAndEverythingItJoined()
    {
        _harness.Record("g1", "ann", "joined", SignalKind.Joined);
        var looked = LiteDbGroupSignalStore.MaxViewedOnlyPerGroup + 50;
        for (var i = 0; i < looked; i++)
        {
            _harness.Time.Advance(TimeSpan.FromMinutes(1));
            _harness.Record("g1", "ann", $"seen-{i}", SignalKind.Viewed);
        }
        _harness.Get<LiteDbGroupSignalStore>().Flush();

        var kept = _harness.SignalReader.ForGroup("demo", "console", "g1").Select(a => a.ProductId).ToHashSet();
        var stored = _harness.Db.Collection<GroupProductSignals>("signal_group_products").FindAll().Select(r => r.ProductId).ToHashSet();

        Assert.Equal(LiteDbGroupSignalStore.MaxViewedOnlyPerGroup + 1, kept.Count);
        Assert.Contains("joined", kept);
        Assert.Contains($"seen-{looked - 1}", kept);
        Assert.DoesNotContain("seen-0", kept);
        Assert.Equal(kept, stored);
    }

    [Fact]
    public void RecordedSignalsReachLiteDbWithinOneFlushInterval()
    {
        _harness.Record("g1", "ann", "A", SignalKind.Purchased);

        _harness.Time.Advance(LiteDbGroupSignalStore.FlushInterval);

        var row = Assert.Single(_harness.Db.Collection<GroupProductSignals>("signal_group_products").FindAll());
        Assert.Equal(1, row.Purchases);
        Assert.Equal(["A"], _harness.Db.Collection<UserRecentProducts>("signal_user_products").FindAll().Single().Products);
    }

    [Fact]
    public void SignalsOutliveARestartOfTheStore()
    {
        var directory = Path.Combine(_harness.Directory, "restart");
        var time = new FakeTimeProvider(_harness.Time.GetUtcNow());
        using (var db = new LiteDbContext(Options.Create(new StorageOptions { Directory = directory })))
        using (var store = new LiteDbGroupSignalStore(db, time))
        {
            store.Record([
                new GroupSignal("demo", "console", "g1", "ann", "A", SignalKind.Purchased, time.GetUtcNow()),
                new GroupSignal("demo", "console", "g1", "ben", "B", SignalKind.Joined, time.GetUtcNow()),
                new GroupSignal("demo", "console", "g1", "cat", "B", SignalKind.Viewed, time.GetUtcNow()),
            ]);
        }

        using var reopened = new LiteDbContext(Options.Create(new StorageOptions { Directory = directory }));
        using var again = new LiteDbGroupSignalStore(reopened, time);

        var b = again.ForGroup("demo", "console", "g1").Single(a => a.ProductId == "B");
        Assert.Equal((1, 1, 1), (b.Views, b.Joins, b.Joiners));
        Assert.Equal([("B", "A", 1)], again.BoughtWith("demo", "B").Select(p => (p.ProductId, p.OtherProductId, p.Count)));
        Assert.Equal(["A"], again.RecentForUser("demo", null, "ann"));
    }

    [Fact]
    public void ASignalWithoutAGroupIsABug()
    {
        Assert.Throws<ArgumentException>(() => _harness.Signals.Record([
            new GroupSignal("demo", "console", "", "ann", "A", SignalKind.Purchased, _harness.Time.GetUtcNow()),
        ]));
    }

    private List<(string, int)> Pairs(string productId) =>
        _harness.SignalReader.BoughtWith("demo", productId)
            .Select(p => (p.OtherProductId, p.Count))
            .OrderBy(p => p.OtherProductId, StringComparer.Ordinal)
            .ToList();
}
