using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Tests.Relay;

/// <summary>
/// Failures whose timing a real server cannot reproduce on demand, played by a stub call: a
/// refusal that reaches the client while it is still writing the hello.
/// </summary>
public sealed class RelayClientFailureTests
{
    [Fact]
    public async Task RefusalThatCancelsTheHelloWriteIsStillARefusal()
    {
        var relay = new RelayClient(
            new RefusingClient(),
            new InMemoryPendingMessageQueue(10),
            Options.Create(new RelayOptions
            {
                ApiKey = "wrong-key",
                ConnectorId = "test-connector",
                InitialReconnectDelay = TimeSpan.FromMilliseconds(1),
                MaxReconnectDelay = TimeSpan.FromMilliseconds(5),
            }),
            TimeProvider.System,
            NullLogger<RelayClient>.Instance);

        var run = relay.RunAsync(new FakeChatPlatform(), CancellationToken.None);

        var rejected = await Assert.ThrowsAsync<RelayRejectedException>(() => run.WaitAsync(AsyncLog<object>.DefaultTimeout));
        Assert.Contains("The x-api-key is not valid", rejected.Message);
    }

    /// <summary>
    /// A call the server refused (trailers-only) while the hello was being written: writes and reads
    /// fail with a bare cancellation, the headers arrived, and only the status says why.
    /// </summary>
    private sealed class RefusingClient : ChatBot.ChatBotClient
    {
        private static readonly Status Refused = new(StatusCode.Unauthenticated, "The x-api-key is not valid or was revoked.");

        public override AsyncDuplexStreamingCall<RelayRequest, RelayResponse> Relay(CallOptions options) => new(
            new CanceledWrites(),
            new RefusedResponses(),
            Task.FromResult(new Metadata()),
            () => Refused,
            () => [],
            () => { });

        private sealed class CanceledWrites : IClientStreamWriter<RelayRequest>
        {
            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(RelayRequest message) => Task.FromCanceled(new CancellationToken(canceled: true));

            public Task CompleteAsync() => Task.CompletedTask;
        }

        private sealed class RefusedResponses : IAsyncStreamReader<RelayResponse>
        {
            public RelayResponse Current => throw new InvalidOperationException("No response was read.");

            public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromCanceled<bool>(new CancellationToken(canceled: true));
        }
    }
}
