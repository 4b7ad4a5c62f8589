using System.Collections.Concurrent;
using ChatCommerce.BotServer.Catalog.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>
/// Ranked product retrieval on Lucene.Net with BM25: one in-memory index per merchant (so
/// results, and even term statistics, never cross merchants), Chinese segmented by jieba with
/// the catalog's own words, English stemmed, measures normalised, synonyms and typos matched at
/// query time. Writes are visible to the next search (near-real-time reader refreshed after
/// each write); searches run concurrently with each other and with writes.
/// </summary>
public sealed class LuceneProductSearch : IProductSearch, IDisposable
{
    /// <summary>Longer text is cut before analysis; CatalogManager already cuts chat queries to 200.</summary>
    public const int MaxQueryLength = 256;

    /// <summary>Hits past the page that are still re-ranked with popularity, so near-ties favour best sellers.</summary>
    private const int RerankSlack = 20;

    private const double PopularityWeight = 0.01;

    /// <summary>
    /// Results remembered per merchant until its next write: a group chat asks the same few things
    /// again and again (the gift picker's category and tag searches, "推荐耳机" in many groups).
    /// </summary>
    private const int MaxCachedResults = 1_024;

    private readonly ConcurrentDictionary<string, MerchantIndex> _merchants = new(StringComparer.Ordinal);
    private readonly ChineseSegmenter _segmenter;
    private readonly ProductAnalyzer _indexAnalyzer;
    private readonly ProductQueryBuilder _queries;
    private readonly System.Threading.Lock _createGate = new();
    private bool _disposed;

    public LuceneProductSearch() : this(ChineseSegmenter.Shared)
    {
    }

    public LuceneProductSearch(ChineseSegmenter segmenter)
    {
        _segmenter = segmenter;
        _indexAnalyzer = new ProductAnalyzer(AnalysisMode.Index, segmenter);
        _queries = new ProductQueryBuilder(segmenter);
    }

    /// <summary>
    /// Whether results are remembered until the merchant's next write (on by default). Off, every
    /// search runs in full: what the search benchmark measures.
    /// </summary>
    public bool RememberResults { get; set; } = true;

    public void Rebuild(IProductStore store)
    {
        var merchantIds = store.MerchantIds();
        foreach (var merchantId in merchantIds)
        {
            var products = store.All(merchantId).Where(p => p.Active).ToList();
            _segmenter.AddWords(products.SelectMany(ProductDocument.UserWords));
            Merchant(merchantId).Replace(products);
        }
        foreach (var stale in _merchants.Keys.Except(merchantIds, StringComparer.Ordinal))
        {
            Merchant(stale).Replace([]);
        }
    }

    public void Index(IEnumerable<Product> products)
    {
        foreach (var group in products.GroupBy(p => p.MerchantId, StringComparer.Ordinal))
        {
            var batch = group.ToList();
            // Taught before the products are analysed, so their own names are cut as words.
            _segmenter.AddWords(batch.Where(p => p.Active).SelectMany(ProductDocument.UserWords));
            Merchant(group.Key).Put(batch);
        }
    }

    public void Remove(string merchantId, string productId)
    {
        if (_merchants.TryGetValue(merchantId, out var index))
        {
            index.Remove(productId);
        }
    }

    public long? CatalogVersion(string merchantId) =>
        _merchants.TryGetValue(merchantId, out var index) ? index.Version : null;

    public Product? Indexed(string merchantId, string productId) =>
        _merchants.TryGetValue(merchantId, out var index) ? index.Products.GetValueOrDefault(productId) : null;

    public IndexedCatalog? Catalog(string merchantId) =>
        _merchants.TryGetValue(merchantId, out var index) ? index.Catalog() : null;

    public ProductSearchResult Search(ProductQuery query)
    {
        if (!_merchants.TryGetValue(query.MerchantId, out var index))
        {
            return new ProductSearchResult([], 0);
        }
        var text = query.Text ?? "";
        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
        }
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Max(0, query.Limit);
        if (!RememberResults)
        {
            return Run(index, query, text, offset, limit);
        }
        var key = query with { Text = text, Offset = offset, Limit = limit };
        if (index.Results.TryGetValue(key, out var cached) && cached.Writes == index.Writes)
        {
            return cached.Result;
        }
        // Counted before the searcher is taken: a write that lands meanwhile makes this entry stale at once.
        var writes = index.Writes;
        var result = Run(index, query, text, offset, limit);
        if (index.Results.Count >= MaxCachedResults)
        {
            index.Results.Clear();
        }
        index.Results[key] = (writes, result);
        return result;
    }

    private ProductSearchResult Run(MerchantIndex index, ProductQuery query, string text, int offset, int limit)
    {
        var searcher = index.Searchers.Acquire();
        try
        {
            var filter = Filter(query, index.FilterCache);
            var scoring = _queries.Build(text, searcher.IndexReader);
            var products = index.Products;
            // Lucene sizes its queue by the window, so a page token far past the end must not become one.
            var available = Math.Max(1, searcher.IndexReader.MaxDoc);
            int Window(int slack) => (int)Math.Clamp((long)offset + limit + slack, 1, available);
            List<ProductHit> hits;
            int total;
            if (scoring is null)
            {
                // Ties keep index order: product id order after a rebuild, later upserts after.
                var popular = new Sort(new SortField(ProductFields.Sales, SortFieldType.INT64, true));
                var top = searcher.Search(filter is null ? new MatchAllDocsQuery() : new ConstantScoreQuery(filter), null, Window(0), popular);
                total = top.TotalHits;
                hits = Resolve(searcher, products, top.ScoreDocs, d => Math.Log(2 + d.SalesCount))
                    .Skip(offset).Take(limit).ToList();
            }
            else
            {
                var filtered = filter is null ? scoring : new FilteredQuery(scoring, filter);
                var top = searcher.Search(filtered, Window(RerankSlack));
                total = top.TotalHits;
                hits = Resolve(searcher, products, top.ScoreDocs, null)
                    .Select(h => h with { Score = h.Score + PopularityWeight * Math.Log(2 + h.Product.SalesCount) })
                    .OrderByDescending(h => h.Score)
                    .ThenBy(h => h.Product.ProductId, StringComparer.Ordinal)
                    .Skip(offset).Take(limit).ToList();
            }
            return new ProductSearchResult(hits, total);
        }
        finally
        {
            index.Searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        lock (_createGate)
        {
            _disposed = true;
            foreach (var index in _merchants.Values)
            {
                index.Dispose();
            }
            _merchants.Clear();
        }
        _indexAnalyzer.Dispose();
        _queries.Dispose();
    }

    private MerchantIndex Merchant(string merchantId)
    {
        if (_merchants.TryGetValue(merchantId, out var existing))
        {
            return existing;
        }
        lock (_createGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _merchants.GetOrAdd(merchantId, _ => new MerchantIndex(_indexAnalyzer));
        }
    }

    /// <summary>Hits mapped back to products through the id doc values; a product deleted since the reader opened is skipped.</summary>
    private static IEnumerable<ProductHit> Resolve(IndexSearcher searcher, IReadOnlyDictionary<string, Product> products, ScoreDoc[] docs, Func<Product, double>? score)
    {
        var leaves = searcher.IndexReader.Leaves;
        var id = new BytesRef();
        foreach (var doc in docs)
        {
            var leaf = leaves[ReaderUtil.SubIndex(doc.Doc, leaves)];
            var ids = leaf.AtomicReader.GetBinaryDocValues(ProductFields.IdValue);
            if (ids is null)
            {
                continue;
            }
            ids.Get(doc.Doc - leaf.DocBase, id);
            if (products.TryGetValue(id.Utf8ToString(), out var product))
            {
                yield return new ProductHit(product, score?.Invoke(product) ?? doc.Score);
            }
        }
    }

    private static ProductFilter? Filter(ProductQuery query, SegmentFilterCache cache)
    {
        var terms = new List<Term>();
        if (ProductFields.Key(query.Category) is { Length: > 0 } category)
        {
            terms.Add(ProductFields.CategoryTerm(category));
        }
        if (ProductFields.Key(query.Brand) is { Length: > 0 } brand)
        {
            terms.Add(ProductFields.BrandTerm(brand));
        }
        if (query.InStockOnly)
        {
            terms.Add(ProductFields.InStockTerm);
        }
        var min = query.BudgetMin is { } low ? (long?)Math.Ceiling(low * 100m) : null;
        var max = query.BudgetMax is { } high ? (long?)Math.Floor(high * 100m) : null;
        return terms.Count == 0 && min is null && max is null ? null : new ProductFilter(terms, min, max, cache);
    }

    /// <summary>One merchant's products: a RAM index, its near-real-time searchers, and the products by id.</summary>
    private sealed class MerchantIndex : IDisposable
    {
        private readonly System.Threading.Lock _writeGate = new();
        private readonly RAMDirectory _directory = new();
        private readonly IndexWriter _writer;
        private ConcurrentDictionary<string, Product> _products = new(StringComparer.Ordinal);
        private long _version;
        private long _writes;

        public MerchantIndex(ProductAnalyzer analyzer)
        {
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = new BM25Similarity(),
                RAMBufferSizeMB = 64,
                // Compound files save file handles on disk; in memory they are only an extra copy of every segment.
                UseCompoundFile = false,
                MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0 },
            };
            _writer = new IndexWriter(_directory, config);
            Searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory());
        }

        public SearcherManager Searchers { get; }

        public SegmentFilterCache FilterCache { get; } = new();

        /// <summary>Search results, each valid while <see cref="Writes"/> is what it was when the search began.</summary>
        public ConcurrentDictionary<ProductQuery, (long Writes, ProductSearchResult Result)> Results { get; } = new();

        /// <summary>Bumped after every write is visible to new searchers.</summary>
        public long Writes => Interlocked.Read(ref _writes);

        /// <summary>The products the index holds; replaced whole by <see cref="Replace"/>.</summary>
        public IReadOnlyDictionary<string, Product> Products => Volatile.Read(ref _products);

        /// <summary>
        /// Bumped by every write that may change what the products are called (see
        /// <see cref="IProductSearch.CatalogVersion"/>). Read before the products: a write that lands
        /// meanwhile bumps it after its change, so whoever keeps this copy sees it is stale on the next call.
        /// </summary>
        public long Version => Interlocked.Read(ref _version);

        public IndexedCatalog Catalog()
        {
            var version = Interlocked.Read(ref _version);
            return new IndexedCatalog(version, Products.Values.ToList());
        }

        public void Put(IReadOnlyList<Product> products)
        {
            lock (_writeGate)
            {
                using var remember = SearchTokens.RememberOnThisThread();
                var renamed = false;
                foreach (var product in products)
                {
                    var id = new Term(ProductFields.Id, product.ProductId);
                    renamed = renamed || !SameNames(_products.GetValueOrDefault(product.ProductId), product);
                    if (product.Active)
                    {
                        _products[product.ProductId] = product;
                        _writer.UpdateDocument(id, ProductDocument.Create(product));
                    }
                    else
                    {
                        // Inactive products are never returned, so they are not indexed at all.
                        _products.TryRemove(product.ProductId, out _);
                        _writer.DeleteDocuments(id);
                    }
                }
                if (renamed)
                {
                    Interlocked.Increment(ref _version);
                }
                Searchers.MaybeRefreshBlocking();
                Interlocked.Increment(ref _writes);
            }
        }

        // A stock or price change (every group-buy step writes one) leaves the catalog's names as they
        // were; only then may the version stay, so the chat's name matcher is not rebuilt for nothing.
        private static bool SameNames(Product? indexed, Product written) =>
            CatalogNameReader.Read(indexed is null ? [] : [indexed]).SequenceEqual(CatalogNameReader.Read([written]));

        public void Remove(string productId)
        {
            lock (_writeGate)
            {
                _products.TryRemove(productId, out _);
                _writer.DeleteDocuments(new Term(ProductFields.Id, productId));
                Interlocked.Increment(ref _version);
                Searchers.MaybeRefreshBlocking();
                Interlocked.Increment(ref _writes);
            }
        }

        /// <summary>
        /// Replaces everything. One thread on purpose: on a single core (the target machine) parallel
        /// indexing was twice as slow, and on two cores it gained only a quarter.
        /// </summary>
        public void Replace(IReadOnlyList<Product> products)
        {
            lock (_writeGate)
            {
                var byId = new ConcurrentDictionary<string, Product>(StringComparer.Ordinal);
                foreach (var product in products)
                {
                    byId[product.ProductId] = product;
                }
                _writer.DeleteAll();
                using var remember = SearchTokens.RememberOnThisThread();
                foreach (var product in byId.Values.OrderBy(p => p.ProductId, StringComparer.Ordinal))
                {
                    _writer.AddDocument(ProductDocument.Create(product));
                }
                // Fewer segments make every later query cheaper; worth it once, after a bulk load.
                _writer.ForceMerge(1);
                Volatile.Write(ref _products, byId);
                Interlocked.Increment(ref _version);
                Searchers.MaybeRefreshBlocking();
                Interlocked.Increment(ref _writes);
            }
        }

        public void Dispose()
        {
            Searchers.Dispose();
            _writer.Dispose();
            _directory.Dispose();
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
