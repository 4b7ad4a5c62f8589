using System.Diagnostics;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.Bench.Search;

/// <summary>How long to warm up and how many searches to time, per implementation and catalog size.</summary>
/// <param name="WarmupPasses">Untimed passes over all queries first (the first also records the results).</param>
/// <param name="MinWarmup">Keep warming up at least this long: on one core the tiered JIT needs time, not only calls, to finish (a 1k catalog is warm in calls after 0.2 s but not yet in code).</param>
/// <param name="MaxWarmup">Stop warming up after this long, at a pass boundary (a slow baseline at 100k).</param>
/// <param name="MinSearches">Time at least this many searches...</param>
/// <param name="MinDuration">...and keep going for at least this long...</param>
/// <param name="MaxDuration">...but stop after this long, at a pass boundary, with at least one pass done.</param>
public sealed record MeasurePlan(int WarmupPasses, TimeSpan MinWarmup, TimeSpan MaxWarmup, int MinSearches, TimeSpan MinDuration, TimeSpan MaxDuration)
{
    public static readonly MeasurePlan Full = new(2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15), 2_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    public static readonly MeasurePlan Quick = new(1, TimeSpan.Zero, TimeSpan.FromSeconds(3), 400, TimeSpan.Zero, TimeSpan.FromSeconds(4));
}

/// <summary>One implementation on one catalog: build cost, latency, and what it returned.</summary>
/// <param name="Create">Constructing the empty instance (DI resolve).</param>
/// <param name="Build"><see cref="IProductSearch.Rebuild"/> from the store on that fresh instance.</param>
/// <param name="Memory">Growth from before the instance was created to after the build (managed after a full GC; working set).</param>
/// <param name="TopIds">Per query, the product ids of the first page, best first.</param>
/// <param name="ForeignHits">Hits from a merchant other than the one asked for; must be 0.</param>
public sealed record SearchRun(
    string Implementation,
    TimeSpan Create,
    TimeSpan Build,
    MemorySnapshot Memory,
    LatencySummary Latency,
    IReadOnlyList<(int Query, double Milliseconds)> Slowest,
    IReadOnlyList<string[]> TopIds,
    int ZeroHitQueries,
    int ForeignHits);

public static class SearchMeasurement
{
    public static SearchRun Run(
        Func<IProductStore, (IProductSearch Search, IDisposable? Owner)> create,
        IProductStore store,
        IReadOnlyList<ProductQuery> queries,
        MeasurePlan plan)
    {
        var before = MemorySnapshot.Take();
        var clock = Stopwatch.StartNew();
        var (search, owner) = create(store);
        var created = clock.Elapsed;
        clock.Restart();
        search.Rebuild(store);
        var built = clock.Elapsed;
        var memory = MemorySnapshot.Take() - before;
        try
        {
            var (topIds, zeroHit, foreign) = Results(search, queries);
            var warmup = Stopwatch.StartNew();
            for (var pass = 1; (pass < plan.WarmupPasses || warmup.Elapsed < plan.MinWarmup) && warmup.Elapsed < plan.MaxWarmup; pass++)
            {
                foreach (var query in queries)
                {
                    search.Search(query);
                }
            }
            var latency = Time(search, queries, plan);
            return new SearchRun(
                search.GetType().Name, created, built, memory,
                latency.Summarize(), [.. latency.Slowest().Take(5)],
                topIds, zeroHit, foreign);
        }
        finally
        {
            (owner ?? search as IDisposable)?.Dispose();
        }
    }

    /// <summary>Overlap@10 between two runs: per query, the share of first-page ids in common (two empty pages agree), averaged.</summary>
    public static double Overlap(IReadOnlyList<string[]> a, IReadOnlyList<string[]> b) =>
        a.Zip(b, (x, y) => Math.Max(x.Length, y.Length) == 0 ? 1.0 : (double)x.Intersect(y).Count() / Math.Max(x.Length, y.Length)).Average();

    /// <summary>The untimed first pass: records each first page (and serves as warm-up).</summary>
    private static (IReadOnlyList<string[]> TopIds, int ZeroHit, int Foreign) Results(IProductSearch search, IReadOnlyList<ProductQuery> queries)
    {
        var topIds = new List<string[]>(queries.Count);
        var zeroHit = 0;
        var foreign = 0;
        foreach (var query in queries)
        {
            var hits = search.Search(query).Hits;
            topIds.Add([.. hits.Select(h => h.Product.ProductId)]);
            zeroHit += hits.Count == 0 ? 1 : 0;
            foreign += hits.Count(h => h.Product.MerchantId != query.MerchantId);
        }
        return (topIds, zeroHit, foreign);
    }

    private static LatencyRecorder Time(IProductSearch search, IReadOnlyList<ProductQuery> queries, MeasurePlan plan)
    {
        var recorder = new LatencyRecorder(queries.Count);
        var order = Enumerable.Range(0, queries.Count).ToArray();
        // Shuffled passes, so no query always follows the same one (caches, branch history).
        var random = new Random(CatalogGenerator.Seed);
        var checksum = 0L;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var elapsed = Stopwatch.StartNew();
        do
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var start = Stopwatch.GetTimestamp();
                var result = search.Search(queries[i]);
                var end = Stopwatch.GetTimestamp();
                recorder.Add(i, end - start);
                checksum += result.TotalCount;
            }
        }
        while ((recorder.Count < plan.MinSearches || elapsed.Elapsed < plan.MinDuration) && elapsed.Elapsed < plan.MaxDuration);
        GC.KeepAlive(checksum);
        return recorder;
    }
}
