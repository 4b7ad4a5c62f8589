using System.Diagnostics;
using System.Text;
using ChatCommerce.Bench.Measurement;
using ChatCommerce.Bench.Reporting;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Bench.Relay;

/// <summary>
/// What the connector adds per message: platform → connector (dedupe, pending queue, the Relay
/// stream) → BotServer → connector → platform, next to calling <c>HandleMessage</c> directly, one
/// message at a time, against the same BotServer process in the same run.
/// </summary>
public sealed class RelaySuite : ISuite
{
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
        var count = settings.Quick ? 300 : 3000;
        var warmUp = settings.Quick ? 50 : 300;
        using var server = await BotServerProcess.StartAsync(progress);

        progress.WriteLine($"relay: {count} timed messages per path after {warmUp} warm-up messages");
        var direct = await MeasureDirectAsync(server.Url, warmUp, count);
        var relay = await MeasureRelayAsync(server.Url, warmUp, count, queueDirectory: null);
        var queueDirectory = Path.Combine(Path.GetTempPath(), "chatcommerce-bench-queue", Guid.NewGuid().ToString("n"));
        LatencySummary durable;
        try
        {
            durable = await MeasureRelayAsync(server.Url, warmUp, count, queueDirectory);
        }
        finally
        {
            Directory.Delete(queueDirectory, recursive: true);
        }

        var table = new MarkdownTable("path", "messages/s (one at a time)", "p50", "p99", "mean", "p50 over direct", "timed messages");
        foreach (var (name, summary) in new[]
                 {
                     ("direct: ChatBot.HandleMessage (unary)", direct),
                     ("connector: RelayClient, in-memory queue", relay),
                     ("connector: RelayClient, disk queue (fsync per message and per answer)", durable),
                 })
        {
            table.Add(name, Figures.PerSecond(summary.QueriesPerSecond), Figures.Milliseconds(summary.P50Ms), Figures.Milliseconds(summary.P99Ms),
                Figures.Milliseconds(summary.MeanMs), ReferenceEquals(summary, direct) ? "—" : $"+{Figures.Milliseconds(summary.P50Ms - direct.P50Ms)}", $"{summary.Count:#,0}");
        }

        var report = new StringBuilder();
        report.AppendLine("- Server: the real BotServer (Release build beside the benchmark) in its own process, demo catalog, LiteDB in a temp directory, rate limits lifted; both paths talk to this one process over h2c on 127.0.0.1.");
        report.AppendLine($"- Messages: {Texts.Length} addressed shopping lines (zh and en) in turn, across 16 groups, each with a new message id; one message in flight at a time.");
        report.AppendLine("- Direct: `HandleMessage` on a channel built like the connector's; timed from the call to its response.");
        report.AppendLine("- Connector: `RelayClient` (dedupe, pending queue, one `Relay` stream, ack) with an in-process platform; timed from `SendAsync` of the platform message to the platform's post of the reply. Not pinned to one core: the two processes share the machine's cores.");
        report.AppendLine();
        report.Append(table);
        return report.ToString();
    }

    private static async Task<LatencySummary> MeasureDirectAsync(Uri url, int warmUp, int count)
    {
        using var channel = RelayServiceCollectionExtensions.CreateChannel(url, NullLoggerFactory.Instance);
        var client = new ChatBot.ChatBotClient(channel);
        var headers = new Metadata { { RelayClient.ApiKeyHeader, BotServerProcess.AdminKey } };
        var recorder = new LatencyRecorder(Texts.Length);
        for (var i = 0; i < warmUp + count; i++)
        {
            var message = Message("direct", i);
            var start = Stopwatch.GetTimestamp();
            await client.HandleMessageAsync(message, headers);
            if (i >= warmUp)
            {
                recorder.Add(i % Texts.Length, Stopwatch.GetTimestamp() - start);
            }
        }

        return recorder.Summarize();
    }

    private static async Task<LatencySummary> MeasureRelayAsync(Uri url, int warmUp, int count, string? queueDirectory)
    {
        using var channel = RelayServiceCollectionExtensions.CreateChannel(url, NullLoggerFactory.Instance);
        IPendingMessageQueue queue = queueDirectory is null
            ? new InMemoryPendingMessageQueue(1000)
            : FilePendingMessageQueue.Open(queueDirectory, 1000);
        var options = Options.Create(new RelayOptions { BotUrl = url, ApiKey = BotServerProcess.AdminKey, ConnectorId = "bench-relay" });
        var relay = new RelayClient(new ChatBot.ChatBotClient(channel), queue, options, TimeProvider.System, NullLogger<RelayClient>.Instance);
        var platform = new TimedPlatform();
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(platform, stop.Token);
        var recorder = new LatencyRecorder(Texts.Length);
        var path = queueDirectory is null ? "relay" : "durable";
        try
        {
            for (var i = 0; i < warmUp + count; i++)
            {
                var message = Message(path, i);
                var answered = platform.AnswerTo(message.MessageId);
                var start = Stopwatch.GetTimestamp();
                await relay.SendAsync(message, CancellationToken.None);
                var end = await answered.WaitAsync(TimeSpan.FromSeconds(30));
                if (i >= warmUp)
                {
                    recorder.Add(i % Texts.Length, end - start);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            (queue as IDisposable)?.Dispose();
        }

        return recorder.Summarize();
    }

    private static ChatMessage Message(string path, int i) => new()
    {
        Platform = "bench",
        GroupId = $"{path}-group-{i % 16}",
        MessageId = $"{path}-{i}",
        Sender = new Sender { UserId = $"user-{i % 7}", DisplayName = $"user-{i % 7}" },
        Text = Texts[i % Texts.Length],
        MentionsBot = true,
        SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };
}
