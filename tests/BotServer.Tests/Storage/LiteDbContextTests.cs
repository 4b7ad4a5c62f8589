using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Tests.Storage;

/// <summary>
/// The free-space check, without a full disk: a threshold no volume meets stands for one. The
/// full disk itself (ENOSPC inside LiteDB, the engine reopened) is Reliability/DiskFullTests.
/// </summary>
public sealed class LiteDbContextTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));

    private LiteDbContext Open(long minFreeBytes) =>
        new(Options.Create(new StorageOptions { Directory = _directory, MinFreeBytes = minFreeBytes }));

    [Fact]
    public void WritesAreRefusedWhileTheVolumeHasLessThanMinFreeBytesAndReadsGoOn()
    {
        using (var roomy = Open(minFreeBytes: 0))
        {
            roomy.InTransaction(() => roomy.Collection<BsonDocument>("products").Insert(new BsonDocument { ["_id"] = "kept", ["Title"] = "a" }));
        }

        using var full = Open(minFreeBytes: long.MaxValue);
        var products = full.Collection<BsonDocument>("products");

        Assert.Throws<StorageFullException>(() => full.InTransaction(() => products.Insert(new BsonDocument { ["_id"] = "in-a-step" })));
        Assert.Throws<StorageFullException>(() => products.Insert(new BsonDocument { ["_id"] = "on-its-own" }));
        Assert.False(full.Checkpoint());
        Assert.Equal(["kept"], products.FindAll().Select(d => d["_id"].AsString));
    }

    [Fact]
    public void APlainIndexIsSkippedOnAFullVolumeButAUniqueOneIsRefused()
    {
        using (var roomy = Open(minFreeBytes: 0))
        {
            roomy.Collection<BsonDocument>("products").EnsureIndex("merchant", "$.MerchantId");
        }

        using var full = Open(minFreeBytes: long.MaxValue);
        var products = full.Collection<BsonDocument>("products");

        Assert.False(products.EnsureIndex("title", "$.Title"));
        Assert.Throws<StorageFullException>(() => products.EnsureIndex("sku", "$.Sku", unique: true));
        var indexes = full.Database.GetCollection("$indexes").Find("collection = 'products'").Select(i => i["name"].AsString).ToList();
        Assert.Contains("merchant", indexes);
        Assert.DoesNotContain("title", indexes);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
