using System.Diagnostics;
using System.Text;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Reporting;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.Bench.Search;

/// <summary>
/// Catalog search: latency of the registered <see cref="IProductSearch"/> over generated catalogs of
/// 1k, 10k and 100k products, its index build time and memory, and the same figures for
/// <see cref="LinearScanSearch"/> in the same run as the baseline.
/// </summary>
public sealed class SearchSuite : ISuite
{
    private const int TargetSize = 100_000;
    private const double TargetP50Milliseconds = 2;
    private static readonly TimeSpan TargetBuild = TimeSpan.FromSeconds(10);

    public string Name => "search";

    public string Title => "Catalog search";

    public string Description => "Search latency (p50/p99, one core) and index build time and memory over 1k/10k/100k generated products, next to a linear-scan baseline.";

    public string Run(BenchSettings settings, TextWriter progress)
    {
        IReadOnlyList<int> sizes = settings.Sizes ?? (settings.Quick ? [1_000, 10_000] : [1_000, 10_000, TargetSize]);
        var plan = settings.Quick ? MeasurePlan.Quick : MeasurePlan.Full;
        var generator = CatalogGenerator.FromDemoCatalog();
        var queries = QuerySet.For(CatalogGenerator.Merchant);

        using var core = OneCore.Pin();
        progress.WriteLine($"search: pinned: {core.Description}");
        var priming = Prime(generator, queries);
        progress.WriteLine($"search: first {priming.Implementation} instance (one-time costs) took {Figures.Duration(priming.Elapsed)}");

        var results = new List<SizeResult>();
        foreach (var size in sizes)
        {
            var products = generator.Generate(size);
            CheckFiltersMatch(queries, products);
            var store = new InMemoryProductStore(products);
            progress.WriteLine($"search: {size:#,0} products (+{size / 10:#,0} for the other merchant): measuring the registered implementation");
            var underTest = SearchMeasurement.Run(s => RegisteredSearch.Create(s), store, queries, plan);
            progress.WriteLine($"search: {size:#,0}: {underTest.Implementation} build {Figures.Duration(underTest.Build)}, p50 {Figures.Milliseconds(underTest.Latency.P50Ms)}; measuring {nameof(LinearScanSearch)}");
            var baseline = SearchMeasurement.Run(_ => (new LinearScanSearch(), null), store, queries, plan);
            progress.WriteLine($"search: {size:#,0}: {baseline.Implementation} build {Figures.Duration(baseline.Build)}, p50 {Figures.Milliseconds(baseline.Latency.P50Ms)}");
            results.Add(new SizeResult(size, underTest, baseline));
        }
        var largest = results[^1];
        var p50 = largest.UnderTest.Latency.P50Ms;
        settings.Headlines.Add(Name, new Headline($"catalog search at {Figures.Count(largest.Size)} products, one core (p50; p99)",
            $"{Figures.Milliseconds(p50)}; {Figures.Milliseconds(largest.UnderTest.Latency.P99Ms)}",
            $"linear scan: {Figures.Milliseconds(largest.Baseline.Latency.P50Ms)}; {Figures.Milliseconds(largest.Baseline.Latency.P99Ms)}",
            $"p50 ≤ {TargetP50Milliseconds} ms at {Figures.Count(TargetSize)}",
            largest.Size != TargetSize ? "not checked (size)" : p50 <= TargetP50Milliseconds ? "met" : "missed"));
        return Report(results, queries, generator, plan, core, priming);
    }

    /// <summary>
    /// Creates, fills and queries one throwaway instance of each implementation on a demo-sized
    /// catalog, so process-wide one-time work (static dictionaries, JIT) is not charged to the
    /// first size's build.
    /// </summary>
    private static Priming Prime(CatalogGenerator generator, IReadOnlyList<ProductQuery> queries)
    {
        var store = new InMemoryProductStore(generator.Generate(generator.TemplateCount));
        var before = MemorySnapshot.Take();
        var clock = Stopwatch.StartNew();
        var (search, owner) = RegisteredSearch.Create(store);
        var name = search.GetType().Name;
        using (owner)
        {
            search.Rebuild(store);
            foreach (var query in queries)
            {
                search.Search(query);
            }
        }
        var elapsed = clock.Elapsed;
        var kept = MemorySnapshot.Take() - before;

        var baseline = new LinearScanSearch();
        baseline.Rebuild(store);
        foreach (var query in queries)
        {
            baseline.Search(query);
        }
        return new Priming(name, elapsed, kept.ManagedBytes);
    }

    /// <summary>Brand and category filters must name what the catalog holds, or those queries measure nothing.</summary>
    private static void CheckFiltersMatch(IReadOnlyList<ProductQuery> queries, IReadOnlyList<Product> products)
    {
        var brands = products.Select(p => p.Brand).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var categories = products.Select(p => p.Category).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = queries
            .Where(q => (q.Brand is { Length: > 0 } && !brands.Contains(q.Brand)) || (q.Category is { Length: > 0 } && !categories.Contains(q.Category)))
            .Select(QuerySet.Describe)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Query filters name brands or categories the generated catalog does not have (has the demo catalog changed?): {string.Join(", ", missing)}");
        }
    }

    private static string Report(IReadOnlyList<SizeResult> results, IReadOnlyList<ProductQuery> queries, CatalogGenerator generator, MeasurePlan plan, OneCore core, Priming priming)
    {
        var impl = results[0].UnderTest.Implementation;
        var baseName = nameof(LinearScanSearch);
        var text = new StringBuilder();

        text.Append($"""
            Implementation under test: **`{impl}`** (what `AddCatalog()` registers as `IProductSearch`, resolved from DI over an in-memory `IProductStore`), with its result cache off (`RememberResults = false`): the suite repeats its queries, and every search is run in full.
            Baseline: `{baseName}` (bench/ChatCommerce.Bench/Search/{baseName}.cs: `TextTokens.Of` on the query, a scan of every product of the merchant with the same filters, token-overlap score, top 10), measured in the same run.

            - Catalog: N generated products for merchant `{CatalogGenerator.Merchant}` plus N/10 for `{CatalogGenerator.OtherMerchant}` (seed {CatalogGenerator.Seed}, vocabulary of the {generator.TemplateCount} demo products: brands, categories, tags, aliases, attributes, prices 9–20000 CNY, sales counts). Every query goes to `{CatalogGenerator.Merchant}`.
            - Queries: the {queries.Count} fixed queries of bench/ChatCommerce.Bench/Search/QuerySet.cs: Chinese and English words, brand + category, attributes, typed phrases, typos; {queries.Count(HasFilter)} with budget/category/brand/stock filters, {queries.Count(q => q.Text.Length == 0)} with empty text (popular products). First page of 10.
            - One core: {core.Description}.
            - Latency: per size and implementation, {Passes(plan.WarmupPasses)}{(plan.MinWarmup > TimeSpan.Zero ? $" and at least {plan.MinWarmup.TotalSeconds:0} s" : "")} of warm-up over all queries, then each search timed alone with `Stopwatch`, in shuffled passes over all queries, until at least {plan.MinSearches:#,0} searches{(plan.MinDuration > TimeSpan.Zero ? $" and {plan.MinDuration.TotalSeconds:0} s" : "")} (stopping after {plan.MaxDuration.TotalSeconds:0} s, at a pass boundary){(plan == MeasurePlan.Quick ? "; this was a --quick run, so the figures are rough" : "")}. p50/p99 are nearest-rank percentiles of single searches; queries/s is timed searches over the time spent inside them.
            - Build: `Rebuild(store)` on a fresh, empty instance (a new DI container). Memory: managed heap growth (`GC.GetTotalMemory(true)` before creating the instance and after the build) and working-set growth over the same span.


            """);

        text.Append($"### Search latency, one core\n\n");
        var latency = new MarkdownTable(
            "products", $"{impl} p50", $"{impl} p99", $"{impl} mean", $"{impl} queries/s",
            $"{baseName} p50", $"{baseName} p99", $"{baseName} mean", $"{baseName} queries/s", "timed searches");
        foreach (var r in results)
        {
            latency.Add(
                Figures.Count(r.Size),
                Figures.Milliseconds(r.UnderTest.Latency.P50Ms), Figures.Milliseconds(r.UnderTest.Latency.P99Ms),
                Figures.Milliseconds(r.UnderTest.Latency.MeanMs), Figures.PerSecond(r.UnderTest.Latency.QueriesPerSecond),
                Figures.Milliseconds(r.Baseline.Latency.P50Ms), Figures.Milliseconds(r.Baseline.Latency.P99Ms),
                Figures.Milliseconds(r.Baseline.Latency.MeanMs), Figures.PerSecond(r.Baseline.Latency.QueriesPerSecond),
                $"{r.UnderTest.Latency.Count:#,0} / {r.Baseline.Latency.Count:#,0}");
        }
        text.Append(latency).Append('\n');
        var capped = results
            .SelectMany(r => new[] { (r.Size, Run: r.UnderTest), (r.Size, Run: r.Baseline) })
            .Where(r => r.Run.Latency.Count < plan.MinSearches)
            .ToList();
        if (capped.Count > 0)
        {
            text.Append($"Fewer than {plan.MinSearches:#,0} timed searches ({string.Join(", ", capped.Select(r => $"`{r.Run.Implementation}` at {Figures.Count(r.Size)}"))}): the {plan.MaxDuration.TotalSeconds:0} s cap stopped the timing, after whole passes over all queries.\n\n");
        }

        text.Append("### Index build\n\n");
        var build = new MarkdownTable(
            "products", $"{impl} build", $"{impl} managed Δ", $"{impl} working set Δ",
            $"{baseName} build", $"{baseName} managed Δ", $"{baseName} working set Δ", $"{impl} new instance");
        foreach (var r in results)
        {
            build.Add(
                Figures.Count(r.Size),
                Figures.Duration(r.UnderTest.Build), Figures.Bytes(r.UnderTest.Memory.ManagedBytes), Figures.Bytes(r.UnderTest.Memory.WorkingSetBytes),
                Figures.Duration(r.Baseline.Build), Figures.Bytes(r.Baseline.Memory.ManagedBytes), Figures.Bytes(r.Baseline.Memory.WorkingSetBytes),
                Figures.Duration(r.UnderTest.Create));
        }
        text.Append(build).Append('\n');

        text.Append("### Results (informative)\n\n");
        var agreement = new MarkdownTable("products", $"{impl} queries with no hits", $"{baseName} queries with no hits", "overlap@10", "hits from the other merchant");
        foreach (var r in results)
        {
            agreement.Add(
                Figures.Count(r.Size),
                $"{r.UnderTest.ZeroHitQueries} of {queries.Count}",
                $"{r.Baseline.ZeroHitQueries} of {queries.Count}",
                $"{SearchMeasurement.Overlap(r.UnderTest.TopIds, r.Baseline.TopIds) * 100:0}%",
                $"{r.UnderTest.ForeignHits} / {r.Baseline.ForeignHits}");
        }
        text.Append(agreement).Append('\n');
        text.Append("overlap@10: per query, the share of first-page product ids the two have in common (two empty pages count as agreeing), averaged. It says how alike the rankings are, not which is better.\n\n");

        text.Append(TargetLine(results, impl));

        var largest = results[^1];
        text.Append($"\nSlowest queries for `{impl}` at {Figures.Count(largest.Size)} (mean per search): ");
        text.AppendJoin("; ", largest.UnderTest.Slowest.Select(s => $"`{QuerySet.Describe(queries[s.Query])}` {Figures.Milliseconds(s.Milliseconds)}"));
        text.Append(".\n\n");
        text.Append($"Not in the tables: the first `{impl}` instance of the process (created, filled with {generator.TemplateCount} products and queried once before the first size, so one-time work such as static dictionaries and JIT is not charged to the 1k build) took {Figures.Duration(priming.Elapsed)} and kept {Figures.Bytes(priming.KeptManagedBytes)} of managed memory after it was disposed.\n");
        return text.ToString();
    }

    private static string TargetLine(IReadOnlyList<SizeResult> results, string impl)
    {
        var atTarget = results.FirstOrDefault(r => r.Size == TargetSize);
        if (atTarget is null)
        {
            return $"Target (issue), at {Figures.Count(TargetSize)} products: p50 ≤ {TargetP50Milliseconds} ms on one core, build ≤ {TargetBuild.TotalSeconds:0} s. Not checked: this run did not include {Figures.Count(TargetSize)}.\n";
        }
        var p50 = atTarget.UnderTest.Latency.P50Ms;
        var buildTime = atTarget.UnderTest.Build;
        return $"Target (issue), `{impl}` at {Figures.Count(TargetSize)} products: p50 ≤ {TargetP50Milliseconds} ms on one core: **{(p50 <= TargetP50Milliseconds ? "met" : "missed")}** ({Figures.Milliseconds(p50)}); build ≤ {TargetBuild.TotalSeconds:0} s: **{(buildTime <= TargetBuild ? "met" : "missed")}** ({Figures.Duration(buildTime)}).\n";
    }

    private static string Passes(int count) => count == 1 ? "one pass" : $"{count} passes";

    private static bool HasFilter(ProductQuery query) =>
        query.BudgetMin is not null || query.BudgetMax is not null || !string.IsNullOrEmpty(query.Category) || !string.IsNullOrEmpty(query.Brand) || query.InStockOnly;

    private sealed record SizeResult(int Size, SearchRun UnderTest, SearchRun Baseline);

    private sealed record Priming(string Implementation, TimeSpan Elapsed, long KeptManagedBytes);
}
