using System.Diagnostics;
using System.Text;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Reporting;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Bench.Relay;

/// <summary>
/// What the connector adds per message: platform → connector (dedupe, pending queue, the Relay
/// stream) → BotServer → connector → platform, next to calling <c>HandleMessage</c> directly, one
/// message at a time, against the same BotServer process in the same run. The paths take turns in
/// rounds, so a server still warming up or a passing load spike does not favour one of them.
/// </summary>
public sealed class RelaySuite : ISuite
{
    private const int Rounds = 5;

    private static readonly string[] Texts =
    [
        "推荐一款500元以内的耳机",
        "有什么适合送妈妈的礼物",
        "recommend a laptop under 5000",
        "help",
        "蓝牙音箱多少钱",
        "gift for my girlfriend, budget 300",
    ];

    public string Name => "relay";

    public string Title => "Connector relay overhead";

    public string Description => "Per-message latency through the connector's Relay stream (in-memory and disk queue) next to a direct HandleMessage call, same BotServer.";

    public string Run(BenchSettings settings, TextWriter progress) => RunAsync(settings, progress).GetAwaiter().GetResult();

    private static async Task<string> RunAsync(BenchSettings settings, TextWriter progress)
    {
        var perRound = settings.Quick ? 100 : 1000;
        var warmUp = settings.Quick ? 100 : 1000;
        var queueDirectory = Path.Combine(Path.GetTempPath(), "chatcommerce-bench-queue", Guid.NewGuid().ToString("n"));
        using var server = await BotServerProcess.StartAsync(progress);
        MeasuredPath[] paths =
        [
            new DirectPath(server.Url),
            new RelayPath(server.Url, "relay", null),
            new RelayPath(server.Url, "durable", queueDirectory),
        ];
        try
        {
            progress.WriteLine($"relay: {warmUp} warm-up messages per path, then {Rounds} rounds of {perRound} per path, taking turns");
            foreach (var path in paths)
            {
                await path.SendAsync(warmUp, recorder: null);
            }

            var recorders = paths.Select(_ => new LatencyRecorder(Texts.Length)).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var turn = 0; turn < paths.Length; turn++)
                {
                    var index = (round + turn) % paths.Length;
                    await paths[index].SendAsync(perRound, recorders[index]);
                }
            }

            var summaries = recorders.Select(r => r.Summarize()).ToArray();
            settings.Headlines.Add("relay", new Headline("connector relay overhead (p50, disk queue, one message at a time)",
                Figures.Milliseconds(summaries[^1].P50Ms), $"direct HandleMessage: {Figures.Milliseconds(summaries[0].P50Ms)}", "—", "—"));
            return Report(paths, summaries);
        }
        finally
        {
            foreach (var path in paths)
            {
                await path.DisposeAsync();
            }

            if (Directory.Exists(queueDirectory))
            {
                Directory.Delete(queueDirectory, recursive: true);
            }
        }
    }

    private static string Report(MeasuredPath[] paths, LatencySummary[] summaries)
    {
        var direct = summaries[0];
        var table = new MarkdownTable("path", "messages/s (one at a time)", "p50", "p99", "mean", "p50 − direct p50", "timed messages");
        for (var i = 0; i < paths.Length; i++)
        {
            var summary = summaries[i];
            var difference = summary.P50Ms - direct.P50Ms;
            table.Add(
                paths[i].Description,
                Figures.PerSecond(summary.QueriesPerSecond),
                Figures.Milliseconds(summary.P50Ms),
                Figures.Milliseconds(summary.P99Ms),
                Figures.Milliseconds(summary.MeanMs),
                i == 0 ? "—" : (difference < 0 ? "−" : "+") + Figures.Milliseconds(Math.Abs(difference)),
                $"{summary.Count:#,0}");
        }

        var report = new StringBuilder();
        report.AppendLine("- Server: the real BotServer (Release build beside the benchmark) in its own process, demo catalog, LiteDB in a temp directory, rate limits lifted; every path talks to this one process over h2c on 127.0.0.1.");
        report.AppendLine($"- Messages: {Texts.Length} addressed shopping lines (zh and en) in turn, across 16 groups, each with a new message id; one message in flight at a time.");
        report.AppendLine($"- Order: a warm-up per path, then {Rounds} rounds in which the paths take turns (rotating who goes first).");
        report.AppendLine("- Direct: a unary `HandleMessage` call on a channel built like the connector's; timed from the call to its response.");
        report.AppendLine("- Connector: `RelayClient` (dedupe, pending queue, one long-lived `Relay` stream, acks) with an in-process platform; timed from `SendAsync` of the platform message to the platform's post of the reply. The connector's extra hops are inside one process and one HTTP/2 stream, while each unary call opens a new HTTP/2 stream, so the relay can come out ahead.");
        report.AppendLine("- Not pinned to one core: the BotServer and the benchmark share the machine's cores; their CPU is not counted as other work.");
        report.AppendLine();
        report.Append(table);
        return report.ToString();
    }

    private static ChatMessage Message(string path, int i) => new()
    {
        Platform = TimedPlatform.PlatformName,
        GroupId = $"{path}-group-{i % 16}",
        MessageId = $"{path}-{i}",
        Sender = new Sender { UserId = $"user-{i % 7}", DisplayName = $"user-{i % 7}" },
        Text = Texts[i % Texts.Length],
        MentionsBot = true,
        SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    /// <summary>One way of getting a message answered, timed per message.</summary>
    private abstract class MeasuredPath(string description) : IAsyncDisposable
    {
        private int _sent;

        public string Description { get; } = description;

        public async Task SendAsync(int count, LatencyRecorder? recorder)
        {
            for (var i = 0; i < count; i++)
            {
                var number = _sent++;
                var ticks = await AnswerAsync(number);
                recorder?.Add(number % Texts.Length, ticks);
            }
        }

        public abstract ValueTask DisposeAsync();

        /// <summary>Sends message <paramref name="number"/> and returns the Stopwatch ticks until its answer.</summary>
        protected abstract Task<long> AnswerAsync(int number);
    }

    private sealed class DirectPath : MeasuredPath
    {
        private readonly GrpcChannel _channel;
        private readonly ChatBot.ChatBotClient _client;
        private readonly Metadata _headers = new() { { RelayClient.ApiKeyHeader, BotServerProcess.AdminKey } };

        public DirectPath(Uri url)
            : base("direct: ChatBot.HandleMessage (unary)")
        {
            _channel = RelayServiceCollectionExtensions.CreateChannel(url, NullLoggerFactory.Instance);
            _client = new ChatBot.ChatBotClient(_channel);
        }

        public override ValueTask DisposeAsync()
        {
            _channel.Dispose();
            return ValueTask.CompletedTask;
        }

        protected override async Task<long> AnswerAsync(int number)
        {
            var message = Message("direct", number);
            var start = Stopwatch.GetTimestamp();
            await _client.HandleMessageAsync(message, _headers);
            return Stopwatch.GetTimestamp() - start;
        }
    }

    private sealed class RelayPath : MeasuredPath
    {
        private readonly string _name;
        private readonly GrpcChannel _channel;
        private readonly IPendingMessageQueue _queue;
        private readonly RelayClient _relay;
        private readonly TimedPlatform _platform = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public RelayPath(Uri url, string name, string? queueDirectory)
            : base(queueDirectory is null
                ? "connector: RelayClient, in-memory queue"
                : "connector: RelayClient, disk queue (fsync per message and per answer)")
        {
            _name = name;
            _channel = RelayServiceCollectionExtensions.CreateChannel(url, NullLoggerFactory.Instance);
            _queue = queueDirectory is null ? new InMemoryPendingMessageQueue(1000) : FilePendingMessageQueue.Open(queueDirectory, 1000);
            var options = Options.Create(new RelayOptions { BotUrl = url, ApiKey = BotServerProcess.AdminKey, ConnectorId = $"bench-{name}" });
            _relay = new RelayClient(new ChatBot.ChatBotClient(_channel), _queue, options, TimeProvider.System, NullLogger<RelayClient>.Instance);
            _running = _relay.RunAsync(_platform, _stop.Token);
        }

        public override async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            (_queue as IDisposable)?.Dispose();
            _channel.Dispose();
            _stop.Dispose();
        }

        protected override async Task<long> AnswerAsync(int number)
        {
            var message = Message(_name, number);
            var answered = _platform.AnswerTo(message.MessageId);
            var start = Stopwatch.GetTimestamp();
            await _relay.SendAsync(message, CancellationToken.None);
            return await answered.WaitAsync(TimeSpan.FromSeconds(30)) - start;
        }
    }
}
