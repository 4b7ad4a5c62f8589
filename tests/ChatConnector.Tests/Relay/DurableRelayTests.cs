using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Tests.Relay;

/// <summary>A connector with a disk queue, restarted while the BotServer is down.</summary>
public sealed class DurableRelayTests : IAsyncDisposable
{
    private readonly string _queueDirectory = Path.Combine(Path.GetTempPath(), "chatcommerce-durable-relay", Guid.NewGuid().ToString("n"));
    private readonly TestBotServer _server = new();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_queueDirectory, recursive: true);
    }

    [Fact]
    public async Task MessagesSaidWhileTheBotServerWasDownSurviveAConnectorRestartAndArriveInOrderOnceItIsBack()
    {
        await _server.StartAsync();
        await _server.StopAsync();

        // First run: the BotServer is down, so nothing is answered; the connector then stops.
        await using (var firstRun = Connector.Start(_queueDirectory, _server.Url))
        {
            foreach (var (id, group) in new[] { ("m1", "g1"), ("m2", "g2"), ("m3", "g1") })
            {
                await firstRun.Relay.SendAsync(Messages.Chat(id, groupId: group), CancellationToken.None);
            }
        }

        await _server.StartAsync();
        await using (var secondRun = Connector.Start(_queueDirectory, _server.Url))
        {
            await secondRun.Platform.Posted.WaitForAsync(posts => posts.Count == 3);
            await secondRun.Relay.WaitUntilIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(["m1", "m2", "m3"], _server.Requests(RelayRequest.KindOneofCase.Message).Select(r => r.Message.MessageId));
            Assert.Equal(["g1", "g2", "g1"], secondRun.Platform.Posted.Snapshot().Select(post => post.GroupId));
        }

        // Answered messages are not sent again on the next start.
        using var reopened = FilePendingMessageQueue.Open(_queueDirectory, capacity: 10);
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public async Task APlatformRedeliveringAMessageStillPendingFromBeforeTheRestartIsDroppedAsADuplicate()
    {
        await _server.StartAsync();
        await _server.StopAsync();
        await using (var firstRun = Connector.Start(_queueDirectory, _server.Url))
        {
            await firstRun.Relay.SendAsync(Messages.Chat("m1"), CancellationToken.None);
        }

        await using var secondRun = Connector.Start(_queueDirectory, _server.Url);

        Assert.False(await secondRun.Relay.SendAsync(Messages.Chat("m1"), CancellationToken.None));
        Assert.Equal(1, secondRun.Relay.PendingCount);
    }

    private sealed class Connector : IAsyncDisposable
    {
        private readonly FilePendingMessageQueue _queue;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        private Connector(string queueDirectory, Uri botUrl)
        {
            _queue = FilePendingMessageQueue.Open(queueDirectory, capacity: 10);
            var options = new RelayOptions
            {
                BotUrl = botUrl,
                ApiKey = TestBotServer.ApiKey,
                ConnectorId = "durable-test",
                InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
                MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            };
            Channel = RelayServiceCollectionExtensions.CreateChannel(botUrl, NullLoggerFactory.Instance);
            Relay = new RelayClient(new ChatBot.ChatBotClient(Channel), _queue, Options.Create(options), TimeProvider.System, NullLogger<RelayClient>.Instance);
            _running = Relay.RunAsync(Platform, _stop.Token);
        }

        public Grpc.Net.Client.GrpcChannel Channel { get; }

        public RelayClient Relay { get; }

        public FakeChatPlatform Platform { get; } = new();

        public static Connector Start(string queueDirectory, Uri botUrl) => new(queueDirectory, botUrl);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Channel.Dispose();
            _queue.Dispose();
            _stop.Dispose();
        }
    }
}
