using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Relay;
using ChatCommerce.Bench.Reporting;
using Grpc.Core;

namespace ChatCommerce.Bench.Memory;

/// <summary>
/// BotServer memory with a large catalog and many active groups: the server's RSS idle, after a
/// 100k-product import, after the first full round of <see cref="GroupChatter"/> over 10k groups,
/// and every 100k messages after that up to 1M. Per-group context is meant to be bounded, so RSS
/// after the first round should stay flat however many messages follow.
/// </summary>
public sealed class MemorySuite : ISuite
{
    /// <summary>RSS may grow this much from the first full round to the end and still count as flat.</summary>
    public const double FlatThreshold = 0.10;

    private const int Callers = 32;

    private static readonly Option<long> Messages = new("--messages")
    {
        Description = "memory: messages to send after the catalog import. Default: 1000000 (with --quick: 100000).",
        HelpName = "n",
    };

    public string Name => "memory";

    public string Title => "BotServer memory with 100k products and 10k active groups";

    public string Description => "The real BotServer's RSS idle, after importing 100k products over gRPC, and every 100k of 1M chat messages over 10k groups (--messages, --sizes for the catalog); flat or grows.";

    private static readonly Option<bool> LiveHeap = new("--live-heap")
    {
        Description = "At each checkpoint, after reading RSS, ask the server for its live managed heap (Diagnostics.Memory with a full, compacting GC). The forced collections lower the RSS read after them.",
    };

    private static readonly Option<int> GcHeapLimit = new("--gc-heap-limit")
    {
        Description = "memory: after the run with the GC as shipped, run again with the server's GC heap capped at this many MiB (DOTNET_GCHeapHardLimit for the server process only, as a container memory limit sets it). Default: 1152. 0 skips the capped run.",
        HelpName = "MiB",
        DefaultValueFactory = _ => DefaultHeapLimitMib,
    };

    public IReadOnlyList<Option> Options => [Messages, LiveHeap, GcHeapLimit];

    public string Run(BenchSettings settings, TextWriter progress) => RunAsync(settings, progress).GetAwaiter().GetResult();

    /// <summary>The cap of the second run when --gc-heap-limit is not given: about 1.6 times the live heap this load levels off at.</summary>
    private const int DefaultHeapLimitMib = 1152;

    private static async Task<string> RunAsync(BenchSettings settings, TextWriter progress)
    {
        if (!ProcessMemory.Available)
        {
            return "Not measured: reading another process's RSS needs Linux's /proc.";
        }
        var heapLimitMib = settings.Parsed is null ? DefaultHeapLimitMib : settings.Get(GcHeapLimit);
        var report = new StringBuilder();
        report.AppendLine("### As shipped");
        report.AppendLine();
        report.Append(await MeasureAsync(settings, progress, heapLimitMib: 0));
        if (heapLimitMib > 0)
        {
            report.AppendLine();
            report.AppendLine($"### GC heap capped at {heapLimitMib:#,0} MiB");
            report.AppendLine();
            report.AppendLine($"The same load against a fresh server whose GC heap is capped (`DOTNET_GCHeapHardLimit`, as .NET sets it by itself at 75 % of a container's memory limit): RSS then follows the live data instead of what the GC chose to keep committed.");
            report.AppendLine();
            report.Append(await MeasureAsync(settings, progress, heapLimitMib));
        }
        return report.ToString();
    }

    /// <summary>One server, one run of the whole load; its report and its summary row.</summary>
    private static async Task<string> MeasureAsync(BenchSettings settings, TextWriter progress, int heapLimitMib)
    {
        var products = settings.Sizes?.Max() ?? (settings.Quick ? 10_000 : 100_000);
        var groups = settings.Quick ? 1_000 : 10_000;
        var total = settings.Get(Messages) is > 0 and var asked ? asked : settings.Quick ? 100_000L : 1_000_000L;
        var round = (long)groups * GroupChatter.ScriptLength;
        var step = settings.Quick ? 10_000L : 100_000L;

        var gc = heapLimitMib > 0
            ? new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = ((long)heapLimitMib * 1024 * 1024).ToString("x", CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>();
        using var world = await ShopWorld.StartAsync(progress, gc);
        await using var watch = world.Watch(TimeSpan.FromSeconds(1));
        var chatter = new GroupChatter(groups);
        var rows = new List<Checkpoint>();
        var liveHeap = settings.Get(LiveHeap);
        async Task Sample(string name, long sent)
        {
            var checkpoint = new Checkpoint(name, sent, world.Memory(), watch.TakeWindow(), world.DataBytes(), liveHeap ? await world.LiveHeapAsync() : null);
            rows.Add(checkpoint);
            progress.WriteLine($"memory: {(name.Length == 0 ? $"{sent:#,0} messages" : name)}: RSS {Figures.Bytes(checkpoint.Memory.RssBytes)}{(checkpoint.LiveHeap is { } live ? $", live heap {Figures.Bytes(live)}" : "")}, window {Figures.Bytes(checkpoint.Window.Low)}–{Figures.Bytes(checkpoint.Window.High)}, peak {Figures.Bytes(checkpoint.Memory.PeakRssBytes)}, LiteDB {Figures.Bytes(checkpoint.DataBytes)}");
        }

        // The server has just seeded the demo catalog and answered a first call; let start-up work settle.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await Sample("idle, demo catalog (baseline)", 0);
        var import = await world.LoadCatalogAsync(products, progress);
        await Sample($"after importing {Figures.Count(products)} products", 0);
        var binding = await world.BindGroupsAsync(groups, progress);
        await Sample($"after binding {Figures.Count(groups)} groups", 0);

        var driver = new ClosedLoop(world, chatter);
        var marks = new SortedSet<long> { Math.Min(groups, total), Math.Min(round, total), total };
        for (var mark = round + step; mark < total; mark += step)
        {
            marks.Add(mark);
        }
        foreach (var mark in marks)
        {
            await driver.SendUpToAsync(mark, progress);
            await Sample(mark == groups ? "every group has spoken once" : mark == round ? "first full round (every group said every line)" : "", mark);
        }
        var gcSetting = heapLimitMib > 0 ? $"GC heap capped at {heapLimitMib:#,0} MiB (`DOTNET_GCHeapHardLimit`)" : "GC as shipped";
        var (report, verdict) = Report(rows, products, groups, round, driver, import, binding,
            $"{gcSetting} (BotServer.runtimeconfig.json: {BotServerProcess.ShippedGcSettings()})", world.ServerLog);
        var firstRound = rows.FirstOrDefault(r => r.Messages == round && r.Name.Length > 0);
        settings.Headlines.Add("memory", new Headline($"BotServer RSS, {products:#,0} products, {groups:#,0} groups, {gcSetting}: first full round → after {rows[^1].Messages:#,0} messages",
            (firstRound is null ? Mib(rows[^1].Memory.RssBytes) : $"{Mib(firstRound.Memory.RssBytes)} → {Mib(rows[^1].Memory.RssBytes)}")
                + (firstRound?.LiveHeap is { } liveStart && rows[^1].LiveHeap is { } liveEnd ? $"; live heap {Mib(liveStart)} → {Mib(liveEnd)}" : ""),
            $"idle, demo catalog: {Mib(rows[0].Memory.RssBytes)}", $"flat (< {FlatThreshold:P0} growth)", verdict));
        return report;
    }

    private static (string Markdown, string Verdict) Report(List<Checkpoint> rows, int products, int groups, long round, ClosedLoop driver, TimeSpan import, TimeSpan binding,
        string gcSetting, IReadOnlyList<string> serverLog)
    {
        var baseline = rows[0];
        var reference = rows.FirstOrDefault(r => r.Messages == round && r.Name.Length > 0);
        var last = rows[^1];
        var live = rows.All(r => r.LiveHeap is not null);
        string[] headers = ["checkpoint", "messages", "RSS at checkpoint", "Δ vs first round", "RSS low–high since previous row", "Δ high vs first round", "peak RSS (VmHWM)", "LiteDB files"];
        var table = new MarkdownTable(live ? [.. headers, "live managed heap (after a full GC)", "Δ live vs first round"] : headers);
        foreach (var row in rows)
        {
            var judged = reference is not null && row.Messages >= reference.Messages && row != baseline;
            string[] cells = [row.Name.Length == 0 ? $"{row.Messages:#,0} messages" : row.Name, $"{row.Messages:#,0}", Mib(row.Memory.RssBytes),
                judged ? Percent(row.Memory.RssBytes, reference!.Memory.RssBytes) : "—",
                $"{Mib(row.Window.Low)} – {Mib(row.Window.High)}",
                judged ? Percent(row.Window.High, reference!.Window.High) : "—",
                Mib(row.Memory.PeakRssBytes), Figures.Bytes(row.DataBytes)];
            table.Add(live ? [.. cells, Mib(row.LiveHeap!.Value), judged ? Percent(row.LiveHeap.Value, reference!.LiveHeap!.Value) : "—"] : cells);
        }
        var (verdict, why) = reference is null || last.Messages <= reference.Messages
            ? ("not judged", $": the run ended at {last.Messages:#,0} messages, not past the first full round; give --messages more than {round:#,0}")
            : driver.Errors > 0
                ? ("not judged", $": {driver.Errors:#,0} calls failed{driver.FirstError}, so the server did not hold the state the run was meant to build")
            // At the quiet checkpoints, not the windows' highs: the first round's window holds the cold-start peak.
            : (double)(last.Memory.RssBytes - reference.Memory.RssBytes) / reference.Memory.RssBytes < FlatThreshold
                ? ("flat", $" — {Moved(reference, last)}, under the {FlatThreshold:P0} threshold")
                : ("grows", $" — {Moved(reference, last)}, over the {FlatThreshold:P0} threshold");

        var report = new StringBuilder();
        report.AppendLine($"- Server: the real BotServer (Release, beside the benchmark) in its own process, {gcSetting}, LiteDB on disk in a temp directory, rate limits lifted; the benchmark and the server share the machine's cores.");
        report.AppendLine($"- Setup, all over gRPC: a merchant with {products:#,0} generated products (`CatalogGenerator`, one `ImportProducts` stream, {Figures.Duration(import)}), a `包邮` reply rule with a 10-minute per-group cooldown, {groups:#,0} groups bound with `BindGroup` (every fourth proactive; {Figures.Duration(binding)}).");
        report.AppendLine($"- Load: {last.Messages:#,0} `HandleMessage` calls from {Callers} concurrent callers over {ShopWorld.ChannelCount} channels; message i goes to group i mod {groups:#,0}. Mix: {GroupChatter.Describe()}.");
        report.AppendLine($"- Memory: VmRSS and VmHWM of the server from /proc/&lt;pid&gt;/status, read at each checkpoint between batches (no call in flight) and every second in between; {(live ? "then, with `--live-heap`, the live managed heap from `Diagnostics.Memory` after a full, compacting collection (so the RSS read after a checkpoint follows a forced GC)" : "the managed heap is not read (`--live-heap` reads it)")}. Baseline: the same process idle with the demo catalog, before the import.");
        report.AppendLine($"- Achieved: {Figures.PerSecond(driver.Sent / driver.Busy.TotalSeconds)} messages/s over {Figures.Duration(driver.Busy)} of sending; {driver.Errors:#,0} errors{driver.FirstError}; p50 {Figures.Milliseconds(driver.Latency.P50Ms)}, p99 {Figures.Milliseconds(driver.Latency.P99Ms)} per call.");
        report.AppendLine($"- Flat means RSS at the checkpoints (no call in flight) grows less than {FlatThreshold:P0}, with no failed call, from the first full round (every group has its list, history, settings, signals, pending questions and teams) to the end.{(reference is null ? "" : $" Baseline to first round: {Percent(reference.Memory.RssBytes, baseline.Memory.RssBytes)}.")}");
        report.AppendLine();
        report.Append(table);
        report.AppendLine();
        report.AppendLine($"Verdict: **{verdict}**{why}.");
        if (driver.Errors > 0)
        {
            // The failures' cause is in the server's log, not in the status the client saw.
            var errors = serverLog.Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal)).Take(6).ToList();
            report.AppendLine();
            report.AppendLine(errors.Count == 0 ? "The server logged no error for the failed calls." : "What the server logged about the failed calls (first lines):");
            if (errors.Count > 0)
            {
                report.AppendLine();
                report.AppendLine("```");
                errors.ForEach(line => report.AppendLine(line.Trim()));
                report.AppendLine("```");
            }
        }
        if (live && reference is not null && last.Messages > reference.Messages)
        {
            report.AppendLine();
            report.AppendLine($"Live managed heap, first full round → end: {Mib(reference.LiveHeap!.Value)} → {Mib(last.LiveHeap!.Value)} ({Percent(last.LiveHeap.Value, reference.LiveHeap.Value)}).");
        }
        return (report.ToString(), verdict);
    }

    private static string Moved(Checkpoint reference, Checkpoint last) =>
        $"RSS at the checkpoints moved {Percent(last.Memory.RssBytes, reference.Memory.RssBytes)} ({Mib(reference.Memory.RssBytes)} → {Mib(last.Memory.RssBytes)}) from the first full round ({reference.Messages:#,0} messages) to the end ({last.Messages:#,0})";

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):#,0.0} MiB";

    private static string Percent(long value, long reference) =>
        ((double)(value - reference) / reference).ToString("+0.0 %;−0.0 %;0.0 %", CultureInfo.InvariantCulture);

    /// <param name="Window">Lowest and highest RSS read every second since the previous checkpoint.</param>
    private sealed record Checkpoint(string Name, long Messages, ProcessMemory Memory, (long Low, long High) Window, long DataBytes, long? LiveHeap);

    /// <summary>Callers that each send the next message as soon as their last one is answered.</summary>
    private sealed class ClosedLoop(ShopWorld world, GroupChatter chatter)
    {
        private readonly List<long> _ticks = [];
        private long _next;

        public long Sent { get; private set; }

        public TimeSpan Busy { get; private set; }

        public int Errors { get; private set; }

        public string FirstError { get; private set; } = "";

        public (double P50Ms, double P99Ms) Latency
        {
            get
            {
                var sorted = _ticks.Order().ToArray();
                double Ms(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
                return (Ms(0.50), Ms(0.99));
            }
        }

        public async Task SendUpToAsync(long end, TextWriter progress)
        {
            var started = Stopwatch.GetTimestamp();
            var from = _next;
            var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                var ticks = new List<long>();
                var errors = new List<RpcException>();
                for (var i = Interlocked.Increment(ref _next) - 1; i < end; i = Interlocked.Increment(ref _next) - 1)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await world.HandleAsync(caller, chatter.Message(i, DateTimeOffset.UtcNow));
                        ticks.Add(Stopwatch.GetTimestamp() - start);
                    }
                    catch (RpcException e)
                    {
                        errors.Add(e);
                    }
                }
                return (ticks, errors);
            })));
            _next = end;
            var elapsed = Stopwatch.GetElapsedTime(started);
            Busy += elapsed;
            Sent = end;
            foreach (var (ticks, errors) in results)
            {
                // Every 16th latency is enough for percentiles over a million calls.
                _ticks.AddRange(ticks.Where((_, k) => k % 16 == 0));
                Errors += errors.Count;
                if (FirstError.Length == 0 && errors.Count > 0)
                {
                    FirstError = $" (first: {errors[0].StatusCode} {errors[0].Status.Detail})";
                }
            }
            progress.WriteLine($"memory: {end:#,0} sent ({(end - from) / elapsed.TotalSeconds:0} messages/s in this batch, {Errors} errors so far)");
        }
    }
}
