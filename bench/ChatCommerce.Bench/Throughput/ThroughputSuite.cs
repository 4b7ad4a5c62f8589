using System.Diagnostics;
using System.Text;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Relay;
using ChatCommerce.Bench.Reporting;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.Bench.Throughput;

/// <summary>
/// gRPC throughput: many concurrent <c>HandleMessage</c> calls with a realistic group-chat mix
/// against one BotServer process, next to a trivial <c>Diagnostics.Echo</c> on the same server,
/// channels and concurrency — the ratio says how much of the transport's capacity the bot keeps.
/// </summary>
public sealed class ThroughputSuite : ISuite
{
    private const int Channels = 4;
    private const int Concurrency = 64;
    private const int Groups = 32;
    private const int Rounds = 2;

    /// <summary>The mix, in turn: a search, a price question, a gift, a join under an open roster, chatter, a status.</summary>
    private static readonly (string Text, bool Addressed)[] Mix =
    [
        ("推荐一款500元以内的耳机", true),
        ("第2个多少钱", true),
        ("想给我妈挑个生日礼物，300以内", true),
        ("+1", false),
        ("今晚吃火锅吗", false),
        ("拼团进度", true),
    ];

    public string Name => "grpc";

    public string Title => "gRPC throughput against an echo baseline";

    public string Description => "HandleMessage with a realistic mix (search, price, gift, group-buy joins, chatter, status) from 64 concurrent callers on 4 channels, next to a trivial Echo on the same server.";

    public string Run(BenchSettings settings, TextWriter progress) => RunAsync(settings, progress).GetAwaiter().GetResult();

    private static async Task<string> RunAsync(BenchSettings settings, TextWriter progress)
    {
        var phase = settings.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(8);
        var warmUp = settings.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(4);
        using var server = await BotServerProcess.StartAsync(progress);
        var channels = Enumerable.Range(0, Channels).Select(_ => RelayServiceCollectionExtensions.CreateChannel(server.Url, NullLoggerFactory.Instance)).ToArray();
        try
        {
            var headers = new Metadata { { RelayClient.ApiKeyHeader, BotServerProcess.AdminKey } };
            await OpenTeamsAsync(new ChatBot.ChatBotClient(channels[0]), headers);
            var mix = new Load("HandleMessage, realistic mix", (channel, worker, i) =>
                new ChatBot.ChatBotClient(channel).HandleMessageAsync(Message(worker, i), headers).ResponseAsync);
            var echo = new Load("Diagnostics.Echo (baseline)", (channel, _, _) =>
                new Diagnostics.DiagnosticsClient(channel).EchoAsync(new EchoRequest { Payload = "推荐一款500元以内的耳机" }, headers).ResponseAsync);

            progress.WriteLine($"grpc: warm-up {warmUp.TotalSeconds:0} s each, then {Rounds} rounds of {phase.TotalSeconds:0} s per load, taking turns");
            await echo.RunAsync(channels, warmUp, record: false);
            await mix.RunAsync(channels, warmUp, record: false);
            for (var round = 0; round < Rounds; round++)
            {
                await echo.RunAsync(channels, phase, record: true);
                await mix.RunAsync(channels, phase, record: true);
            }
            // Then each line of the mix alone, to show where the mix spends its time.
            var kinds = new List<Load>();
            foreach (var (text, addressed) in Mix)
            {
                var kind = new Load($"\"{text}\"{(addressed ? "" : " (unaddressed)")}", (channel, worker, i) =>
                    new ChatBot.ChatBotClient(channel).HandleMessageAsync(Chat($"k{worker}-{i}", (int)((worker + i) % Groups), $"user-{worker}-{i}", text, addressed), headers).ResponseAsync);
                await kind.RunAsync(channels, warmUp / 4, record: false);
                await kind.RunAsync(channels, phase / 2, record: true);
                kinds.Add(kind);
            }
            var echoRate = echo.Summarize().PerSecond;
            var mixed = mix.Summarize();
            var ratio = mixed.PerSecond / echoRate;
            settings.Headlines.Add("grpc", new Headline($"gRPC HandleMessage, realistic mix, {Concurrency} callers (calls/s; p50, p99)",
                $"{Figures.PerSecond(mixed.PerSecond)}; {Figures.Milliseconds(mixed.P50Ms)}, {Figures.Milliseconds(mixed.P99Ms)}",
                $"Diagnostics.Echo: {Figures.PerSecond(echoRate)}", "ratio ≥ 0.5", $"{(ratio >= 0.5 ? "met" : "missed")} ({ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)})"));
            var join = kinds.Single(k => k.Name.StartsWith("\"+1\"", StringComparison.Ordinal)).Summarize();
            settings.Headlines.Add("grpc", new Headline("group-buy joins (\"+1\") with LiteDB persistence, alone (calls/s; p99)",
                $"{Figures.PerSecond(join.PerSecond)}; {Figures.Milliseconds(join.P99Ms)}", $"Diagnostics.Echo: {Figures.PerSecond(echoRate)}", "—", "—"));
            return Report(echo, mix, kinds);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    // Every group gets a list and an open team of 50, so "第2个" and "+1" do real work all run long.
    private static async Task OpenTeamsAsync(ChatBot.ChatBotClient bot, Metadata headers)
    {
        for (var group = 0; group < Groups; group++)
        {
            await bot.HandleMessageAsync(Chat($"setup-list-{group}", group, "leader", "推荐耳机", addressed: true), headers);
            await bot.HandleMessageAsync(Chat($"setup-team-{group}", group, "leader", "拼第1个，50人团", addressed: true), headers);
        }
    }

    private static ChatMessage Message(int worker, long i)
    {
        var (text, addressed) = Mix[(int)(i % Mix.Length)];
        return Chat($"w{worker}-{i}", (int)((worker + i) % Groups), $"user-{worker}-{i}", text, addressed);
    }

    private static ChatMessage Chat(string id, int group, string user, string text, bool addressed) => new()
    {
        Platform = "bench",
        GroupId = $"group-{group}",
        MessageId = id,
        Sender = new Sender { UserId = user, DisplayName = user },
        Text = text,
        MentionsBot = addressed,
    };

    private static string Report(Load echo, Load mix, IReadOnlyList<Load> kinds)
    {
        var table = new MarkdownTable("load", "calls/s", "ratio to echo", "p50", "p99", "calls timed", "errors");
        foreach (var load in new[] { echo, mix })
        {
            table.Add(Row(load, echo));
        }
        var breakdown = new MarkdownTable("the mix's line alone", "calls/s", "ratio to echo", "p50", "p99", "calls timed", "errors");
        foreach (var load in kinds)
        {
            breakdown.Add(Row(load, echo));
        }
        var report = new StringBuilder();
        report.AppendLine("- Server: the real BotServer (Release, beside the benchmark) in its own process: demo catalog, LiteDB on disk in a temp directory, rate limits lifted; client and server share the machine's 2 cores.");
        report.AppendLine($"- Load: {Concurrency} concurrent callers over {Channels} gRPC channels (HTTP/2 connections), each call waits for its answer before the next; warm-up per load, then {Rounds} rounds where echo and the mix take turns.");
        report.AppendLine($"- Mix, in turn across {Groups} groups that each have a list and an open 50-person team: {string.Join(" · ", Mix.Select(m => $"\"{m.Text}\"{(m.Addressed ? "" : " (unaddressed)")}"))}. The joins are real LiteDB transactions.");
        report.AppendLine("- Baseline: `Diagnostics.Echo` — the same server, channels, authentication and interceptors, no feature work.");
        report.AppendLine($"- Target on this 2-core machine: ratio ≥ 0.5.");
        report.AppendLine();
        report.Append(table);
        report.AppendLine();
        report.AppendLine($"Each line of the mix alone (same server, after the rounds above; {Concurrency} callers, the groups' teams by then partly or wholly full):");
        report.AppendLine();
        report.Append(breakdown);
        return report.ToString();
    }

    private static string[] Row(Load load, Load echo)
    {
        var summary = load.Summarize();
        return [load.Name, Figures.PerSecond(summary.PerSecond), (summary.PerSecond / echo.Summarize().PerSecond).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            Figures.Milliseconds(summary.P50Ms), Figures.Milliseconds(summary.P99Ms), $"{summary.Count:#,0}", $"{load.Errors:#,0}"];
    }

    private sealed record Summary(int Count, double PerSecond, double P50Ms, double P99Ms);

    /// <summary>One kind of call driven at full concurrency for a while; latencies kept per caller and merged.</summary>
    private sealed class Load(string name, Func<GrpcChannel, int, long, Task> call)
    {
        private readonly List<long> _ticks = [];
        private TimeSpan _elapsed;
        private long _next;

        public string Name { get; } = name;

        public int Errors { get; private set; }

        public async Task RunAsync(GrpcChannel[] channels, TimeSpan duration, bool record)
        {
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, Concurrency).Select(worker => Task.Run(async () =>
            {
                var ticks = new List<long>();
                var errors = 0;
                while (clock.Elapsed < duration)
                {
                    var i = Interlocked.Increment(ref _next);
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await call(channels[worker % channels.Length], worker, i);
                        ticks.Add(Stopwatch.GetTimestamp() - start);
                    }
                    catch (RpcException)
                    {
                        errors++;
                    }
                }
                return (ticks, errors);
            })).ToArray();
            var results = await Task.WhenAll(workers);
            if (record)
            {
                _elapsed += clock.Elapsed;
                foreach (var (ticks, errors) in results)
                {
                    _ticks.AddRange(ticks);
                    Errors += errors;
                }
            }
        }

        public Summary Summarize()
        {
            var sorted = _ticks.Order().ToArray();
            double Ms(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
            return new Summary(sorted.Length, sorted.Length / _elapsed.TotalSeconds, Ms(0.50), Ms(0.99));
        }
    }
}
