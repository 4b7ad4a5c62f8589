using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Tests.Catalog;

/// <summary>Catalog names follow writes, and many messages at once after a write read the catalog once, not once each.</summary>
public sealed class IndexedCatalogNamesTests
{
    private const string Shop = "shop";

    [Fact]
    public void NamesFollowAWriteOnTheNextCall()
    {
        var search = new GatedSearch();
        var names = new IndexedCatalogNames(search);
        Assert.Equal(1, names.For(Shop)!.Version);

        search.Write();

        Assert.Equal(2, names.For(Shop)!.Version);
        Assert.Equal(2, search.CatalogReads);
    }

    [Fact]
    public async Task WhileOneCallerRereadsAfterAWriteTheOthersKeepTheOlderNamesInsteadOfReadingTheirOwnCopy()
    {
        var search = new GatedSearch();
        var names = new IndexedCatalogNames(search);
        names.For(Shop);
        search.ReadStarted.Reset();
        search.Write();
        search.HoldReads();

        var rereading = Task.Run(() => names.For(Shop));
        Assert.True(search.ReadStarted.Wait(TimeSpan.FromSeconds(10)), "the first caller after the write should start reading");
        var others = Enumerable.Range(0, 16).Select(_ => Task.Run(() => names.For(Shop))).ToArray();
        var answered = await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(10));
        search.ReleaseReads();

        Assert.All(answered, n => Assert.Equal(1, n!.Version));
        Assert.Equal(2, (await rereading)!.Version);
        Assert.Equal(2, search.CatalogReads);
        Assert.Equal(2, names.For(Shop)!.Version);
    }

    /// <summary>A one-product search index whose catalog reads can be held open.</summary>
    private sealed class GatedSearch : IProductSearch
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);
        private long _version = 1;
        private int _reads;

        public ManualResetEventSlim ReadStarted { get; } = new();

        public int CatalogReads => Volatile.Read(ref _reads);

        public void Write() => Interlocked.Increment(ref _version);

        public void HoldReads() => _open.Reset();

        public void ReleaseReads() => _open.Set();

        public long? CatalogVersion(string merchantId) => Interlocked.Read(ref _version);

        public IndexedCatalog? Catalog(string merchantId)
        {
            Interlocked.Increment(ref _reads);
            var version = Interlocked.Read(ref _version);
            ReadStarted.Set();
            _open.Wait(TimeSpan.FromSeconds(30));
            return new IndexedCatalog(version, [new Product
            {
                Id = Product.StorageKey(Shop, "HP-1"),
                MerchantId = Shop,
                ProductId = "HP-1",
                Title = "华为 FreeBuds 6i 降噪耳机",
                TitleZh = "华为 FreeBuds 6i 降噪耳机",
                Brand = "华为 Huawei",
                CategoryPath = ["electronics", "headphones"],
                Price = 100,
                Stock = 10,
            }]);
        }

        public ProductSearchResult Search(ProductQuery query) => throw new NotSupportedException();

        public void Index(IEnumerable<Product> products) => throw new NotSupportedException();

        public void Remove(string merchantId, string productId) => throw new NotSupportedException();

        public Product? Indexed(string merchantId, string productId) => throw new NotSupportedException();

        public void Rebuild(IProductStore store) => throw new NotSupportedException();
    }
}
