using System.Collections.Concurrent;
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
/// A bounded soak: <see cref="GroupChatter"/> at a fixed rate (open loop: messages leave on
/// schedule whether or not earlier ones were answered) for a fixed time against one BotServer
/// process with a large catalog, RSS read every 30 s, latency and errors per minute. On demand
/// only: ten minutes plus the catalog import would more than double <c>all</c>.
/// </summary>
public sealed class SoakSuite : ISuite
{
    /// <summary>The highest RSS of the last third may exceed that of the middle third by this much and still count as stable.</summary>
    public const double StableThreshold = 0.10;

    /// <summary>Achieved rate below this share of the asked rate means the server (or the client) fell behind.</summary>
    public const double RateKept = 0.95;

    private const int Groups = 1_000;

    /// <summary>
    /// Unanswered messages at which the run stops: an open loop against a server that fell behind
    /// queues every late message in the server, and at 200/s that reached 11.8 GiB RSS in 150 s.
    /// </summary>
    private const int MaxInFlight = 5_000;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);

    private static readonly Option<int> Rate = new("--rate")
    {
        Description = "soak: messages per second, sent on schedule. Default: 200.",
        HelpName = "n",
    };

    private static readonly Option<double> Minutes = new("--minutes")
    {
        Description = "soak: how long to send. Default: 10 (with --quick: 1).",
        HelpName = "n",
    };

    public string Name => "soak";

    public string Title => "Bounded soak: fixed rate, stable memory";

    public string Description => "On demand (not in `all`): the realistic chat mix at a fixed rate (--rate, default 200/s) for --minutes (default 10) against one BotServer with 100k products; RSS every 30 s, p50/p99 and errors per minute; stable or not.";

    public IReadOnlyList<Option> Options => [Rate, Minutes];

    public bool OnDemand => true;

    public string Run(BenchSettings settings, TextWriter progress) => RunAsync(settings, progress).GetAwaiter().GetResult();

    private static async Task<string> RunAsync(BenchSettings settings, TextWriter progress)
    {
        if (!ProcessMemory.Available)
        {
            return "Not measured: reading another process's RSS needs Linux's /proc.";
        }
        var products = settings.Sizes?.Max() ?? (settings.Quick ? 10_000 : 100_000);
        var rate = settings.Get(Rate) is > 0 and var r ? r : 200;
        var duration = TimeSpan.FromMinutes(settings.Get(Minutes) is > 0 and var m ? m : settings.Quick ? 1 : 10);

        using var world = await ShopWorld.StartAsync(progress);
        await world.LoadCatalogAsync(products, progress);
        await world.BindGroupsAsync(Groups, progress);
        var chatter = new GroupChatter(Groups);
        var minutes = (int)Math.Ceiling(duration.TotalMinutes);
        var perMinute = Enumerable.Range(0, minutes).Select(_ => new Minute()).ToArray();
        var samples = new List<Sample>();
        await using var watch = world.Watch(TimeSpan.FromSeconds(1));
        watch.TakeWindow();

        progress.WriteLine($"soak: {rate} messages/s for {duration.TotalMinutes:0.#} min over {Groups:#,0} groups");
        var clock = Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            samples.Add(new Sample(TimeSpan.Zero, world.Memory(), watch.TakeWindow().High));
            using var timer = new PeriodicTimer(SampleEvery);
            while (await timer.WaitForNextTickAsync(stopSampling.Token))
            {
                var sample = new Sample(clock.Elapsed, world.Memory(), watch.TakeWindow().High);
                samples.Add(sample);
                progress.WriteLine($"soak: {sample.At.TotalSeconds:0} s: RSS {Figures.Bytes(sample.Memory.RssBytes)} (highest in 30 s {Figures.Bytes(sample.High)}), {perMinute.Sum(x => x.Answered):#,0} answered, {perMinute.Sum(x => x.Errors)} errors");
            }
        });

        var inFlight = new ConcurrentDictionary<long, Task>();
        long sent = 0;
        var fellBehind = false;
        while (clock.Elapsed < duration && !(fellBehind = inFlight.Count > MaxInFlight))
        {
            // Everything due by now leaves now; then sleep a little. Task.Delay's ~1 ms grain is far below 1/rate.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var i = sent;
                var minute = perMinute[Math.Min(minutes - 1, (int)(i / rate / 60))];
                inFlight[i] = SendAsync(world, chatter.Message(i, DateTimeOffset.UtcNow), (int)(i % 64), minute)
                    .ContinueWith(_ => inFlight.TryRemove(i, out Task? _), TaskScheduler.Default);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }
        var sending = clock.Elapsed;
        await Task.WhenAll(inFlight.Values);
        await stopSampling.CancelAsync();
        await sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        samples.Add(new Sample(clock.Elapsed, world.Memory(), watch.TakeWindow().High));
        if (fellBehind)
        {
            progress.WriteLine($"soak: stopped at {sending.TotalSeconds:0} s with more than {MaxInFlight:#,0} messages unanswered");
        }
        var (report, verdict) = Report(rate, duration, sending, sent, products, perMinute, samples, fellBehind);
        settings.Headlines.Add("soak", new Headline($"soak: {rate}/s for {duration.TotalMinutes:0.#} min, RSS first → last (highest)",
            $"{Mib(samples[0].Memory.RssBytes)} → {Mib(samples[^1].Memory.RssBytes)} ({Mib(samples.Max(m => m.Memory.RssBytes))})", "—",
            $"stable (< {StableThreshold:P0})", verdict));
        return report;
    }

    private static async Task SendAsync(ShopWorld world, Contracts.V1.ChatMessage message, int caller, Minute minute)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await world.HandleAsync(caller, message);
            minute.Add(Stopwatch.GetTimestamp() - start);
        }
        catch (RpcException e)
        {
            minute.Fail(e);
        }
    }

    private static (string Markdown, string Verdict) Report(int rate, TimeSpan duration, TimeSpan sending, long sent, int products, Minute[] perMinute, List<Sample> samples, bool fellBehind)
    {
        var answered = perMinute.Sum(m => m.Answered);
        var errors = perMinute.Sum(m => m.Errors);
        var achieved = answered / sending.TotalSeconds;
        var table = new MarkdownTable("minute", "answered", "p50", "p99", "errors", "RSS at its end", "highest RSS in the minute");
        for (var i = 0; i < perMinute.Length; i++)
        {
            var minute = perMinute[i];
            var (p50, p99) = minute.Percentiles();
            var end = TimeSpan.FromMinutes(i + 1);
            var inMinute = samples.Where(s => s.At > end - TimeSpan.FromMinutes(1) && s.At <= end + TimeSpan.FromSeconds(5)).ToList();
            table.Add($"{i + 1}", $"{minute.Answered:#,0}", Figures.Milliseconds(p50), Figures.Milliseconds(p99), $"{minute.Errors:#,0}",
                inMinute.Count == 0 ? "—" : Mib(inMinute[^1].Memory.RssBytes), inMinute.Count == 0 ? "—" : Mib(inMinute.Max(s => s.High)));
        }

        var first = samples[0].Memory.RssBytes;
        var last = samples[^1].Memory.RssBytes;
        var max = samples.Max(s => s.High);
        var third = sending / 3;
        // Each sample's High covers the 30 s before it, so a third is judged by the samples taken inside it.
        var middle = samples.Where(s => s.At > third && s.At <= third * 2).Select(s => s.High).DefaultIfEmpty(first).Max();
        var end3 = samples.Where(s => s.At > third * 2).Select(s => s.High).DefaultIfEmpty(last).Max();
        var growth = (double)(end3 - middle) / middle;
        var reasons = new List<string>();
        if (fellBehind)
        {
            reasons.Add($"the server fell behind: sending stopped after {sending.TotalSeconds:0} s of {duration.TotalSeconds:0} s with more than {MaxInFlight:#,0} messages unanswered");
        }
        if (growth >= StableThreshold)
        {
            reasons.Add($"RSS grew {Percent(end3, middle)} from the middle third to the last");
        }
        if (errors > 0)
        {
            reasons.Add($"{errors:#,0} errors (first: {perMinute.Select(m => m.FirstError).FirstOrDefault(e => e is not null)})");
        }
        if (achieved < rate * RateKept)
        {
            reasons.Add($"{Figures.PerSecond(achieved)} messages/s answered, under {RateKept:P0} of the {rate}/s asked");
        }
        var (verdict, why) = reasons.Count == 0
            ? ("stable", $"the highest RSS of the last third is {Percent(end3, middle)} against the middle third ({Mib(middle)} → {Mib(end3)}), no errors, {Figures.PerSecond(achieved)} of {rate} messages/s answered")
            : ("unstable", string.Join("; ", reasons));

        var report = new StringBuilder();
        report.AppendLine($"- Server: the real BotServer (Release) in its own process, GC as shipped (BotServer.runtimeconfig.json: {BotServerProcess.ShippedGcSettings()}), LiteDB on disk in a temp directory, rate limits lifted; set up over gRPC like the `memory` suite: {products:#,0} generated products, a `包邮` reply rule, {Groups:#,0} bound groups (every fourth proactive).");
        report.AppendLine($"- Load: {rate} `HandleMessage` calls per second on schedule (open loop; a slow answer does not delay the next message) over {ShopWorld.ChannelCount} channels for {duration.TotalMinutes:0.#} min — {sent:#,0} messages, the `memory` suite's mix over {Groups:#,0} groups (one full round of the script every {Groups * GroupChatter.ScriptLength / (double)rate:0} s).");
        report.AppendLine($"- RSS (VmRSS from /proc/&lt;pid&gt;/status) every {SampleEvery.TotalSeconds:0} s, and every second for the highest reading in each 30 s: first {Mib(first)} (after the import, before the first message), last {Mib(last)}, highest {Mib(max)}; peak (VmHWM) {Mib(samples[^1].Memory.PeakRssBytes)}.");
        report.AppendLine($"- Stable means: the highest RSS reading of the last third of the run within {StableThreshold:P0} of the highest of the middle third (the first third fills the bounded caches), no errors, and at least {RateKept:P0} of the asked rate answered. Latency is reported, not judged.");
        report.AppendLine();
        report.Append(table);
        report.AppendLine();
        report.AppendLine($"Verdict: **{verdict}** — {why}.");
        return (report.ToString(), verdict);
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):#,0.0} MiB";

    private static string Percent(long value, long reference) =>
        ((double)(value - reference) / reference).ToString("+0.0 %;−0.0 %;0.0 %", CultureInfo.InvariantCulture);

    /// <param name="High">The highest RSS read (every second) in the 30 s before <paramref name="At"/>.</param>
    private sealed record Sample(TimeSpan At, ProcessMemory Memory, long High);

    /// <summary>Latencies and errors of the messages scheduled in one minute.</summary>
    private sealed class Minute
    {
        private readonly List<long> _ticks = [];

        public int Answered
        {
            get { lock (_ticks) { return _ticks.Count; } }
        }

        public int Errors { get; private set; }

        public string? FirstError { get; private set; }

        public void Add(long ticks)
        {
            lock (_ticks)
            {
                _ticks.Add(ticks);
            }
        }

        public void Fail(RpcException e)
        {
            lock (_ticks)
            {
                Errors++;
                FirstError ??= $"{e.StatusCode} {e.Status.Detail}";
            }
        }

        public (double P50Ms, double P99Ms) Percentiles()
        {
            long[] sorted;
            lock (_ticks)
            {
                sorted = [.. _ticks.Order()];
            }
            double Ms(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
            return (Ms(0.50), Ms(0.99));
        }
    }
}
