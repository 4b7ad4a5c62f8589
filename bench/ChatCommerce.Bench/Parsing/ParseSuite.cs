using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Reporting;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Demo;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;

namespace ChatCommerce.Bench.Parsing;

/// <summary>
/// Offline parsing speed on one core: the default <see cref="OfflineIntentParser"/> over real
/// group-chat messages (the held-out labelled set), reading brands, categories and products from
/// the demo catalog as the server does, next to a baseline that only normalises the text (the
/// least any parser must do), measured in the same run.
/// </summary>
public sealed class ParseSuite : ISuite
{
    public string Name => "parse";

    public string Title => "Offline parsing";

    public string Description => "Messages/s and per-message latency of the offline intent parser on one core, next to text normalisation alone.";

    public string Run(BenchSettings settings, TextWriter progress)
    {
        var texts = LoadMessages();
        var trainStart = Stopwatch.GetTimestamp();
        var model = IntentModel.Default;
        var training = Stopwatch.GetElapsedTime(trainStart);
        using var search = new LuceneProductSearch();
        var products = DemoSeeder.LoadCatalog(DemoSeeder.CatalogPath);
        foreach (var product in products)
        {
            product.MerchantId = "bench";
        }
        search.Index(products);
        var parser = new OfflineIntentParser(model, new IndexedCatalogNames(search));
        var context = new ParseContext("bench");
        var minimum = settings.Quick ? 20_000 : 200_000;

        // Before pinning: pinned to one core, the tiered JIT's background compiler gets so little time
        // that a short warm-up ends while most of the parser still runs unoptimised code; a server
        // answering chat all day runs the optimised code, which is what this suite means to measure.
        var warmup = settings.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(WarmupSeconds);
        var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        WarmUp(texts, warmup, text => parser.Parse(text, context).Intent.Length);
        WarmUp(texts, warmup, text => TextNormalizer.Normalize(text).Length);
        var compiledDuringWarmup = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
        using var core = OneCore.Pin();
        var compiledBeforeTiming = System.Runtime.JitInfo.GetCompiledMethodCount();

        progress.WriteLine($"parse: {texts.Count} messages, {minimum:#,0} timed parses per implementation");
        var parsed = Measure(texts, minimum, text => parser.Parse(text, context).Intent.Length);
        var baseline = Measure(texts, minimum, text => TextNormalizer.Normalize(text).Length);
        var compiledWhileTiming = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBeforeTiming;

        var met = parsed.QueriesPerSecond >= 50_000 && parsed.P99Ms < 1;
        settings.Headlines.Add(Name, new Headline("offline parsing, one core (messages/s; p99)",
            $"{Figures.PerSecond(parsed.QueriesPerSecond)}; {Figures.Milliseconds(parsed.P99Ms)}",
            $"normalisation only: {Figures.PerSecond(baseline.QueriesPerSecond)}", "≥ 50,000/s, p99 < 1 ms", met ? "met" : "missed"));
        var table = new MarkdownTable("implementation", "messages/s", "p50", "p99", "mean", "timed parses")
            .Add("OfflineIntentParser", Figures.PerSecond(parsed.QueriesPerSecond), Figures.Milliseconds(parsed.P50Ms), Figures.Milliseconds(parsed.P99Ms), Figures.Milliseconds(parsed.MeanMs), $"{parsed.Count:#,0}")
            .Add("baseline: TextNormalizer.Normalize only", Figures.PerSecond(baseline.QueriesPerSecond), Figures.Milliseconds(baseline.P50Ms), Figures.Milliseconds(baseline.P99Ms), Figures.Milliseconds(baseline.MeanMs), $"{baseline.Count:#,0}");
        var report = new StringBuilder();
        report.AppendLine($"- Messages: the {texts.Count} texts of tests/BotServer.Tests/data/intents/labelled-test-set.jsonl (zh and en), in shuffled passes.");
        report.AppendLine($"- One core: {core.Description}. Warm-up: {warmup.TotalSeconds:0} s per implementation before pinning (the tiered JIT compiled {compiledDuringWarmup:#,0} methods meanwhile; {compiledWhileTiming:#,0} more while timing), then one pass pinned. Each parse timed alone with `Stopwatch`.");
        report.AppendLine($"- Model training at start (examples file → classifier): {Figures.Duration(training)}.");
        report.AppendLine($"- Catalog entities read from the demo catalog ({products.Count} products) as merchant `bench`.");
        report.AppendLine("- Target: ≥ 50,000 messages/s on one core, p99 < 1 ms.");
        report.AppendLine();
        report.Append(table);
        return report.ToString();
    }

    private const int WarmupSeconds = 5;

    private static void WarmUp(IReadOnlyList<string> texts, TimeSpan duration, Func<string, int> parse)
    {
        var sink = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            foreach (var text in texts)
            {
                sink += parse(text);
            }
        }
        GC.KeepAlive(sink);
    }

    private static LatencySummary Measure(IReadOnlyList<string> texts, int minimum, Func<string, int> parse)
    {
        var sink = 0;
        foreach (var text in texts)
        {
            sink += parse(text);
        }
        var recorder = new LatencyRecorder(texts.Count);
        var random = new Random(20261128);
        var order = Enumerable.Range(0, texts.Count).ToArray();
        while (recorder.Count < minimum)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var start = Stopwatch.GetTimestamp();
                sink += parse(texts[i]);
                recorder.Add(i, Stopwatch.GetTimestamp() - start);
            }
        }
        GC.KeepAlive(sink);
        return recorder.Summarize();
    }

    private static List<string> LoadMessages()
    {
        var root = AppContext.BaseDirectory;
        var dir = new DirectoryInfo(root);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("ChatCommerce.sln not found"), "tests", "BotServer.Tests", "data", "intents", "labelled-test-set.jsonl");
        return File.ReadLines(path)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .ToList();
    }
}
