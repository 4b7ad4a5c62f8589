using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.TestSupport;

/// <summary>What the test server received, on which stream (numbered from 1 across restarts), with which API key.</summary>
internal sealed record ReceivedRequest(int Stream, string? ApiKey, RelayRequest Request);

/// <summary>How a stream's requests ended: <paramref name="Completed"/> when the client closed its side, false when the call was cut.</summary>
internal sealed record ClosedStream(int Stream, bool Completed);

/// <summary>
/// A real gRPC server on 127.0.0.1 (Kestrel, HTTP/2 only, plain text) whose <c>Relay</c>
/// records every request, welcomes each hello and answers each message. It can be stopped
/// abruptly and started again on the same port.
/// </summary>
internal sealed class TestBotServer : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private readonly ConcurrentDictionary<int, Channel<RelayResponse>> _streams = new();
    private WebApplication? _app;
    private int _lastStream;

    public AsyncLog<ReceivedRequest> Received { get; } = new();

    public AsyncLog<ClosedStream> Closed { get; } = new();

    /// <summary>The interval the welcome asks for; null leaves it unset.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How each message is answered (null: not at all); echoes it by default.</summary>
    public Func<ChatMessage, RelayResponse?> Answer { get; set; } = Echo;

    /// <summary>Messages after whose answer the server ends the stream (with status OK).</summary>
    public Func<ChatMessage, bool> EndStreamAfter { get; set; } = _ => false;

    /// <summary>
    /// Refuse unknown API keys in middleware, before the handler, with a trailers-only response and
    /// the request body unread (the way ASP.NET Core authorization does it), instead of in the handler.
    /// </summary>
    public bool RefuseInMiddleware { get; set; }

    /// <summary>Zero until the first start picks a free port; later starts reuse it.</summary>
    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public IEnumerable<RelayRequest> Requests(RelayRequest.KindOneofCase kind) =>
        Received.Snapshot().Select(received => received.Request).Where(request => request.KindCase == kind);

    public static RelayResponse Echo(ChatMessage message) => new()
    {
        Reply = new RelayReply
        {
            DeliveryId = $"delivery-{message.MessageId}",
            Platform = message.Platform,
            GroupId = message.GroupId,
            InReplyToMessageId = message.MessageId,
            Replies =
            {
                new BotReply
                {
                    Text = $"echo: {message.Text}",
                    MentionUserIds = { message.Sender.UserId },
                    InReplyToMessageId = message.MessageId,
                },
            },
        },
    };

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);

        _app = builder.Build();
        _app.Use((context, next) =>
        {
            if (!RefuseInMiddleware || context.Request.Headers[RelayClient.ApiKeyHeader] == ApiKey)
            {
                return next(context);
            }

            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = "Unknown API key.";
            return Task.CompletedTask;
        });
        _app.MapGrpcService<RecordingChatBot>();
        await _app.StartAsync();
        Port = new Uri(_app.Urls.Single()).Port;
    }

    /// <summary>Stops like a crash: open streams are cut, not closed.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }

        using var abort = new CancellationTokenSource();
        await abort.CancelAsync();
        await _app.StopAsync(abort.Token);
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Sends a server-initiated response (a notification) on every open stream.</summary>
    public void Push(RelayResponse response)
    {
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryWrite(response);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private sealed class RecordingChatBot(TestBotServer server) : ChatBot.ChatBotBase
    {
        public override async Task Relay(
            IAsyncStreamReader<RelayRequest> requestStream,
            IServerStreamWriter<RelayResponse> responseStream,
            ServerCallContext context)
        {
            var apiKey = context.RequestHeaders.GetValue(RelayClient.ApiKeyHeader);
            if (apiKey != ApiKey)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Unknown API key."));
            }

            var number = Interlocked.Increment(ref server._lastStream);
            var outgoing = Channel.CreateUnbounded<RelayResponse>();
            server._streams[number] = outgoing;
            var writing = WriteAllAsync(outgoing.Reader, responseStream, context.CancellationToken);
            var completed = false;
            try
            {
                await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
                {
                    server.Received.Add(new ReceivedRequest(number, apiKey, request));
                    if (request.KindCase == RelayRequest.KindOneofCase.Hello)
                    {
                        outgoing.Writer.TryWrite(Welcome(number));
                    }
                    else if (request.KindCase == RelayRequest.KindOneofCase.Message)
                    {
                        if (server.Answer(request.Message) is { } answer)
                        {
                            outgoing.Writer.TryWrite(answer);
                        }

                        if (server.EndStreamAfter(request.Message))
                        {
                            break;
                        }
                    }
                }

                completed = true;
            }
            finally
            {
                server.Closed.Add(new ClosedStream(number, completed));
                server._streams.TryRemove(number, out _);
                outgoing.Writer.TryComplete();
            }

            await writing;
        }

        private RelayResponse Welcome(int number) => new()
        {
            Welcome = new RelayWelcome
            {
                SessionId = $"session-{number}",
                MerchantId = "demo",
                HeartbeatInterval = server.HeartbeatInterval is { } interval ? Duration.FromTimeSpan(interval) : null,
            },
        };

        // One writer per response stream: welcome, answers and pushes take turns through a channel.
        private static async Task WriteAllAsync(
            ChannelReader<RelayResponse> outgoing,
            IServerStreamWriter<RelayResponse> responseStream,
            CancellationToken cancellationToken)
        {
            await foreach (var response in outgoing.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(response, cancellationToken);
            }
        }
    }
}
