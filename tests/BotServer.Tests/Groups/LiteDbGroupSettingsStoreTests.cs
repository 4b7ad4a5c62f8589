using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Tests.Groups;

public sealed class LiteDbGroupSettingsStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));
    private readonly LiteDbContext _db;
    private readonly LiteDbGroupSettingsStore _store;

    public LiteDbGroupSettingsStoreTests()
    {
        _db = new LiteDbContext(Options.Create(new StorageOptions { Directory = _directory }));
        _store = new LiteDbGroupSettingsStore(_db);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AGroupReadBeforeItWasBoundIsSeenBoundRightAfterTheSave()
    {
        Assert.Null(_store.Find("demo", "console", "g1"));

        _store.Save(Settings("g1", "en"));

        Assert.Equal("en", _store.Find("demo", "console", "g1")?.Language);
    }

    [Fact]
    public async Task ReadsRacingSavesNeverLeaveAnOlderCopyBehind()
    {
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                _store.Find("demo", "console", "g1");
            }
        })).ToArray();

        for (var i = 0; i < 300; i++)
        {
            var language = i % 2 == 0 ? "zh" : "en";
            _store.Save(Settings("g1", language));

            Assert.Equal(language, _store.Find("demo", "console", "g1")?.Language);
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);
    }

    [Fact]
    public void ASaveIsInLiteDbForTheNextProcess()
    {
        _store.Save(Settings("g1", "en"));

        Assert.Equal("en", new LiteDbGroupSettingsStore(_db).Find("demo", "console", "g1")?.Language);
    }

    [Fact]
    public void AGroupAskedAboutBeforeItWasBoundNamesItsMerchantRightAfterTheSave()
    {
        Assert.Null(_store.FindBoundMerchant("console", "g1"));

        _store.Save(Settings("g1", "en", merchant: "shop-b"));
        Assert.Equal("shop-b", _store.FindBoundMerchant("console", "g1"));

        // Bound by a second merchant too: the answer is still the first by id, as LiteDB alone says.
        _store.Save(Settings("g1", "en", merchant: "shop-a"));
        Assert.Equal("shop-a", _store.FindBoundMerchant("console", "g1"));
        Assert.Equal("shop-a", new LiteDbGroupSettingsStore(_db).FindBoundMerchant("console", "g1"));
        Assert.Null(_store.FindBoundMerchant("telegram", "g1"));
    }

    private static GroupSettings Settings(string group, string language, string merchant = "demo") => new()
    {
        Id = GroupSettings.KeyOf(merchant, "console", group),
        MerchantId = merchant,
        Platform = "console",
        GroupId = group,
        Language = language,
        Bound = true,
    };
}
