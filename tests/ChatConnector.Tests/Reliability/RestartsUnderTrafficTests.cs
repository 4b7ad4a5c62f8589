using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.ChatConnector.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace ChatCommerce.ChatConnector.Tests.Reliability;

/// <summary>
/// The BotServer and the connector (webhook platform, disk queue) as real processes, SIGKILLed and
/// restarted while a group robot platform keeps POSTing messages at a steady rate and records every
/// reply POST. docs/RELIABILITY.md states what this shows.
/// </summary>
public sealed class RestartsUnderTrafficTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MessageCount = 300;
    private const int Groups = 20;
    private const string Secret = "restarts-under-traffic-secret";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Questions whose answers do not depend on what the group said before (a re-answer after a
    // restart says the same), each with a phrase its answer contains.
    private static readonly (string Question, string InAnswer)[] Questions =
    [
        ("推荐一款耳机", "耳机"),
        ("有没有猫砂", "猫砂"),
        ("500以内的耳机", "¥500以内"),
        ("推荐点坚果", "坚果"),
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-restarts", Guid.NewGuid().ToString("n"));
    private readonly StringBuilder _connectorOutput = new();
    private readonly List<IAsyncDisposable> _processes = [];
    private RobotPlatform _robot = null!;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _kills;

    public async Task InitializeAsync() => _robot = await RobotPlatform.StartAsync(Secret);

    [Fact]
    public async Task EveryAcceptedMessageIsAnsweredOnceUnderItsIdempotencyKeyWhileTheBotServerAndTheConnectorAreKilledAndRestarted()
    {
        var dataDirectory = Path.Combine(_directory, "botserver");
        var botPort = FreePort.Next();
        var listenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var bot = await StartBotServerAsync(dataDirectory, botPort);
        var run = new ConnectorRun(listenUrl, _robot.ReplyUrl, bot.Address, BotServerProcess.AdminKey, Secret, Path.Combine(_directory, "queue"));
        var connector = await StartConnectorAsync(run);
        _robot.ConnectTo(listenUrl);

        using var stop = new CancellationTokenSource();
        var sending = SendAllAsync(stop.Token);
        try
        {
            await AcceptedAsync(60);
            Kill("BotServer", bot.Kill);
            bot = await StartBotServerAsync(dataDirectory, botPort);
            Note("BotServer back");

            // Halfway through draining what piled up meanwhile, if anything did: replies are being posted and journaled.
            await AnsweredAsync(Answered() + Math.Max(1, Unanswered() / 2));
            Kill("connector", connector.Kill);
            connector = await StartConnectorAsync(run);
            Note("connector back");

            await AcceptedAsync(Accepted() + 40);
            Kill("BotServer and connector", bot.Kill, connector.Kill);
            connector = await StartConnectorAsync(run);
            bot = await StartBotServerAsync(dataDirectory, botPort);
            Note("both back");

            await AnsweredAsync(Answered() + Math.Max(1, Unanswered() / 2));
            Kill("connector", connector.Kill);
            connector = await StartConnectorAsync(run);
            Note("connector back");

            await sending.WaitAsync(Patience);
            await AnsweredAsync(MessageCount);
        }
        catch (TimeoutException)
        {
            // The assertions below say what is missing.
        }
        finally
        {
            await stop.CancelAsync();
        }

        var accepted = _robot.Accepted.Snapshot();
        var replies = _robot.Replies.Snapshot();
        // What a platform that drops repeated Idempotency-Keys shows: the first POST of each key.
        var shown = replies.DistinctBy(reply => reply.IdempotencyKey).ToList();
        output.WriteLine(
            $"{MessageCount} messages, all {accepted.Count} accepted after {_robot.Attempts} POSTs; {_kills} SIGKILLs; " +
            $"{replies.Count} reply POSTs, {replies.Count - shown.Count} of them repeats; {Stopwatch.GetElapsedTime(_started).TotalSeconds:0.0} s");
        foreach (var repeat in replies.GroupBy(reply => reply.IdempotencyKey).Where(posts => posts.Count() > 1))
        {
            output.WriteLine($"repeat: {repeat.Key} posted {repeat.Count()} times");
        }

        Assert.Equal(MessageCount, accepted.Distinct().Count());
        Assert.All(replies, reply => Assert.True(reply.Signed, $"The reply to {reply.InReplyTo} is not signed."));
        Assert.Empty(accepted.Except(replies.Select(reply => reply.InReplyTo)));
        Assert.Empty(replies.Select(reply => reply.InReplyTo).Except(accepted));
        Assert.All(shown, AssertAnswers);
        Assert.Equal(accepted.Order(), shown.Select(reply => reply.InReplyTo).Order());
        // A repeat comes only from a kill that lands between posting a reply and journaling it.
        Assert.InRange(replies.Count - shown.Count, 0, _kills);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _robot.DisposeAsync();
        output.WriteLine("--- connector output ---");
        output.WriteLine(_connectorOutput.ToString());
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static JsonObject Message(int i) => new()
    {
        ["group_id"] = $"g{i % Groups}",
        ["message_id"] = $"m{i:D4}",
        ["sender_id"] = $"u{i}",
        ["sender_name"] = $"User {i}",
        ["text"] = $"@shopbot {Questions[i % Questions.Length].Question}",
    };

    /// <summary>The reply is the answer to the message it names: its group, its key, its question's answer.</summary>
    private static void AssertAnswers(ReceivedReply reply)
    {
        var i = int.Parse(reply.InReplyTo[1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"g{i % Groups}", reply.GroupId);
        // One text of one part per answer: the first part of the first text.
        Assert.Equal($"r/g{i % Groups}/{reply.InReplyTo}/1/1", reply.IdempotencyKey);
        Assert.Contains(Questions[i % Questions.Length].InAnswer, reply.Text, StringComparison.Ordinal);
    }

    private async Task SendAllAsync(CancellationToken cancellationToken)
    {
        // A steady rate whatever state the connector is in; each message is retried on its own.
        using var pace = new PeriodicTimer(Interval);
        var sends = new List<Task>();
        for (var i = 0; i < MessageCount; i++)
        {
            sends.Add(_robot.SendUntilAcceptedAsync(Message(i), cancellationToken));
            await pace.WaitForNextTickAsync(cancellationToken);
        }

        await Task.WhenAll(sends);
    }

    private int Accepted() => _robot.Accepted.Snapshot().Count;

    private int Answered() => AnsweredIn(_robot.Replies.Snapshot());

    private int Unanswered() => Accepted() - Answered();

    private static int AnsweredIn(IReadOnlyList<ReceivedReply> replies) => replies.Select(reply => reply.InReplyTo).Distinct().Count();

    private Task AcceptedAsync(int count) => _robot.Accepted.WaitForAsync(accepted => accepted.Count >= count, Patience);

    private Task AnsweredAsync(int count) => _robot.Replies.WaitForAsync(replies => AnsweredIn(replies) >= count, Patience);

    private void Kill(string what, params Action[] kills)
    {
        Note($"SIGKILL {what}");
        foreach (var kill in kills)
        {
            kill();
        }

        _kills += kills.Length;
    }

    private void Note(string what)
    {
        var accepted = _robot.Accepted.Snapshot();
        var answered = _robot.Replies.Snapshot().Select(reply => reply.InReplyTo).ToHashSet();
        output.WriteLine($"{Stopwatch.GetElapsedTime(_started).TotalSeconds,5:0.0} s {what}: {accepted.Count} accepted, {accepted.Count(id => !answered.Contains(id))} of them unanswered");
    }

    private async Task<BotServerProcess> StartBotServerAsync(string dataDirectory, int port)
    {
        var server = await BotServerProcess.StartAsync(dataDirectory, new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" }, port);
        _processes.Add(server);
        return server;
    }

    private async Task<ConnectorProcess> StartConnectorAsync(ConnectorRun run)
    {
        var connector = await ConnectorProcess.StartAsync(run, _connectorOutput);
        _processes.Add(connector);
        return connector;
    }
}
