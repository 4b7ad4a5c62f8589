using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Tests.TestSupport;

/// <summary>A <see cref="RelayClient"/> over a real channel to a <see cref="TestBotServer"/>, posting to a <see cref="FakeChatPlatform"/>.</summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CancellationTokenSource _stop = new();

    private RelayHarness(TestBotServer server, RelayOptions options, TimeProvider timeProvider)
    {
        Server = server;
        _channel = RelayServiceCollectionExtensions.CreateChannel(server.Url, NullLoggerFactory.Instance);
        Relay = new RelayClient(
            new ChatBot.ChatBotClient(_channel),
            new InMemoryPendingMessageQueue(options.MaxPendingMessages),
            Options.Create(options),
            timeProvider,
            NullLogger<RelayClient>.Instance);
    }

    public TestBotServer Server { get; }

    public FakeChatPlatform Platform { get; } = new();

    public RelayClient Relay { get; }

    public Task Running { get; private set; } = Task.CompletedTask;

    public static async Task<RelayHarness> StartAsync(
        TimeProvider? timeProvider = null,
        string apiKey = TestBotServer.ApiKey,
        TimeSpan? serverHeartbeatInterval = null,
        bool refuseInMiddleware = false)
    {
        var server = new TestBotServer { HeartbeatInterval = serverHeartbeatInterval, RefuseInMiddleware = refuseInMiddleware };
        await server.StartAsync();
        var options = new RelayOptions
        {
            BotUrl = server.Url,
            ApiKey = apiKey,
            ConnectorId = "test-connector",
            Version = "1.2.3",
            // Short real delays keep the reconnect test quick without a fake clock.
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        return new RelayHarness(server, options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Starts the relay loop in the background.</summary>
    public void Run() => Running = Relay.RunAsync(Platform, _stop.Token);

    /// <summary>Stops the relay loop the way host shutdown does, and waits for it to end.</summary>
    public async Task StopRelayAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(AsyncLog<object>.DefaultTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopRelayAsync();
        _channel.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
