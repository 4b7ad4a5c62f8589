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

    private static int s_warmedUp;

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
        if (Interlocked.Exchange(ref s_warmedUp, 1) == 0)
        {
            WarmUp();
        }
    }

    public void Rebuild(IProductStore store)
    {
        var merchantIds = store.MerchantIds();
        foreach (var merchantId in merchantIds)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var products = store.All(merchantId).Where(p => p.Active).ToList();
            Console.WriteLine($"  load {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
            _segmenter.AddWords(products.SelectMany(ProductDocument.UserWords));
            Console.WriteLine($"  words {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
            Merchant(merchantId).Replace(products);
            Console.WriteLine($"  replace {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
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
        var searcher = index.Searchers.Acquire();
        try
        {
            var filter = Filter(query);
            var scoring = _queries.Build(text, searcher.IndexReader);
            var products = index.Products;
            // Lucene sizes its queue by the window, so a page token far past the end must not become one.
            var available = Math.Max(1, searcher.IndexReader.MaxDoc);
            int Window(int slack) => (int)Math.Clamp((long)offset + limit + slack, 1, available);
            List<ProductHit> hits;
            int total;
            if (scoring is null)
            {
                var popular = new Sort(new SortField(ProductFields.Sales, SortFieldType.INT64, true), new SortField(ProductFields.SortId, SortFieldType.STRING));
                var top = searcher.Search(filter is null ? new MatchAllDocsQuery() : new ConstantScoreQuery(filter), null, Window(0), popular);
                total = top.TotalHits;
                hits = Resolve(searcher, products, top.ScoreDocs, d => Math.Log(2 + d.SalesCount))
                    .Skip(offset).Take(limit).ToList();
            }
            else
            {
                var filtered = filter is null ? scoring : new FilteredQuery(scoring, new QueryWrapperFilter(filter));
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

    /// <summary>
    /// Runs every indexing and search path once on a throwaway index, the first time a search is
    /// created in the process. The runtime only promotes hot code to optimised code after a quiet
    /// spell without new methods to compile; without this, a start-up rebuild of 100k products keeps
    /// meeting new Lucene code paths and runs mostly unoptimised (measured: 2x slower on one core).
    /// </summary>
    private void WarmUp()
    {
        const string merchant = "\0warm-up";
        var words = SearchVocabulary.Synonyms.SelectMany(g => g).ToArray();
        var products = Enumerable.Range(0, 300).Select(i => new Product
        {
            MerchantId = merchant,
            ProductId = $"w{i}",
            Title = $"{words[i % words.Length]} {words[(i * 7) % words.Length]} X{i}-Pro 第{i % 9}代",
            TitleEn = $"{words[(i * 3) % words.Length]} model's edition {i}",
            Brand = $"{words[(i * 5) % words.Length]} Brand{i % 13}",
            CategoryPath = ["warm", $"c{i % 5}"],
            Tags = [words[(i * 11) % words.Length], "gift"],
            Aliases = [words[(i * 13) % words.Length]],
            Attributes = new() { ["屏幕尺寸"] = $"{i % 17}.0英寸", ["座位数"] = $"{i % 8}", ["memory"] = $"{i % 32}GB", ["倒车影像"] = "true" },
            Description = $"适合家庭使用的{words[(i * 17) % words.Length]}，续航{i % 40}小时。 Lightweight and durable, up to {i} hours.",
            Price = 10 + i,
            GroupPriceTiers = i % 3 == 0 ? [new GroupPriceTier { MinTeamSize = 2, Price = 5 + i }] : [],
            Stock = i % 4,
            SalesCount = i * 37 % 1000,
        }).ToList();
        var index = Merchant(merchant);
        try
        {
            index.Put(products.Take(40).ToList());
            index.Put(products.Skip(40).Take(40).ToList());
            index.Remove("w1");
            index.Replace(products);
            index.Put(products.Take(10).ToList());
            foreach (var text in new[] { "", "耳机 8GB 14英寸", "7座 suv 6个人", "hedphones laptop", "model's gift 15万" })
            {
                Search(new ProductQuery(merchant, text, BudgetMin: 20, BudgetMax: 200, Category: "warm", Brand: "brand1", InStockOnly: true));
                Search(new ProductQuery(merchant, text, Offset: 5, Limit: 5));
            }
        }
        finally
        {
            if (_merchants.TryRemove(merchant, out var removed))
            {
                removed.Dispose();
            }
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
            var ids = leaf.AtomicReader.GetSortedDocValues(ProductFields.SortId);
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

    private static Query? Filter(ProductQuery query)
    {
        var filter = new BooleanQuery(disableCoord: true);
        if (query.BudgetMin is not null || query.BudgetMax is not null)
        {
            // Either the normal price or the best group price within the budget will do.
            var min = query.BudgetMin is { } low ? (long?)Math.Ceiling(low * 100m) : null;
            var max = query.BudgetMax is { } high ? (long?)Math.Floor(high * 100m) : null;
            var price = new BooleanQuery(disableCoord: true)
            {
                { NumericRangeQuery.NewInt64Range(ProductFields.Price, ProductFields.PricePrecisionStep, min, max, true, true), Occur.SHOULD },
                { NumericRangeQuery.NewInt64Range(ProductFields.GroupPrice, ProductFields.PricePrecisionStep, min, max, true, true), Occur.SHOULD },
            };
            filter.Add(price, Occur.MUST);
        }
        if (ProductFields.Key(query.Category) is { Length: > 0 } category)
        {
            filter.Add(new TermQuery(ProductFields.CategoryTerm(category)), Occur.MUST);
        }
        if (ProductFields.Key(query.Brand) is { Length: > 0 } brand)
        {
            filter.Add(new TermQuery(ProductFields.BrandTerm(brand)), Occur.MUST);
        }
        if (query.InStockOnly)
        {
            filter.Add(new TermQuery(ProductFields.InStockTerm), Occur.MUST);
        }
        return filter.Clauses.Count == 0 ? null : filter;
    }

    /// <summary>One merchant's products: a RAM index, its near-real-time searchers, and the products by id.</summary>
    private sealed class MerchantIndex : IDisposable
    {
        private readonly System.Threading.Lock _writeGate = new();
        private readonly RAMDirectory _directory = new();
        private readonly IndexWriter _writer;
        private ConcurrentDictionary<string, Product> _products = new(StringComparer.Ordinal);

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

        /// <summary>The products the index holds; replaced whole by <see cref="Replace"/>.</summary>
        public IReadOnlyDictionary<string, Product> Products => Volatile.Read(ref _products);

        public void Put(IReadOnlyList<Product> products)
        {
            lock (_writeGate)
            {
                foreach (var product in products)
                {
                    var id = new Term(ProductFields.Id, product.ProductId);
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
                Searchers.MaybeRefreshBlocking();
            }
        }

        public void Remove(string productId)
        {
            lock (_writeGate)
            {
                _products.TryRemove(productId, out _);
                _writer.DeleteDocuments(new Term(ProductFields.Id, productId));
                Searchers.MaybeRefreshBlocking();
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
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var docs = byId.Values.Select(ProductDocument.Create).ToList();
                Console.WriteLine($"  create docs {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
                if (Environment.GetEnvironmentVariable("ANALYZE") == "1") { foreach (var d in docs) foreach (var f in d.Fields) if (f is Lucene.Net.Documents.TextField tf) { using var ts = tf.GetTokenStream(_writer.Analyzer); ts.Reset(); while (ts.IncrementToken()) { } ts.End(); } Console.WriteLine($"  analyze only {sw.Elapsed.TotalSeconds:F2}"); sw.Restart(); }
                foreach (var d in docs)
                {
                    _writer.AddDocument(d);
                }
                Console.WriteLine($"  add {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
                _writer.Flush(true, true);
                Console.WriteLine($"  flush {sw.Elapsed.TotalSeconds:F2}"); sw.Restart();
                // Fewer segments make every later query cheaper; worth it once, after a bulk load.
                _writer.ForceMerge(1);
                Volatile.Write(ref _products, byId);
                Searchers.MaybeRefreshBlocking();
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
