using System.Threading.Channels;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>
/// Serves one connector's Relay stream: a hello first, then messages handled in arrival order
/// (which keeps each group's order), proactive notifications for the connector's merchant, and
/// heartbeats. All writes go through one channel because a gRPC stream takes one write at a time.
/// </summary>
public sealed partial class RelayStreamHandler(
    ConversationEngine conversation,
    TenantAccess tenants,
    Merchants.IApiKeyStore keys,
    GroupNotifier notifier,
    Groups.GroupDirectory groups,
    IOptions<ChatOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RelayStreamHandler> logger)
{
    public async Task RunAsync(IAsyncStreamReader<RelayRequest> requests, IServerStreamWriter<RelayResponse> responses, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        if (!await requests.MoveNext(cancellation) || requests.Current.KindCase != RelayRequest.KindOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first Relay frame must be a hello."));
        }
        var hello = requests.Current.Hello;
        var caller = context.Caller();
        var merchantId = tenants.ResolveMerchant(caller, hello.MerchantId, "hello.merchant_id", options.Value.DefaultMerchant);
        if (string.IsNullOrWhiteSpace(hello.ConnectorId) || hello.ConnectorId.Length > 128)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello.connector_id must be 1..128 characters."));
        }
        var sessionId = Guid.NewGuid().ToString("n");
        LogConnected(hello.ConnectorId, merchantId, sessionId);

        var outbox = Channel.CreateBounded<RelayResponse>(new BoundedChannelOptions(1024) { SingleReader = true });
        using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var subscription = notifier.Subscribe(merchantId, hello.Platforms.Select(p => p.ToLowerInvariant()).ToArray());
        await outbox.Writer.WriteAsync(new RelayResponse
        {
            Welcome = new RelayWelcome
            {
                SessionId = sessionId,
                MerchantId = merchantId,
                HeartbeatInterval = Duration.FromTimeSpan(options.Value.RelayHeartbeatInterval),
            },
        }, cancellation);

        var writer = WriteAllAsync(outbox.Reader, responses, cancellation);
        var heartbeats = HeartbeatAsync(outbox.Writer, background.Token);
        var notifications = ForwardNotificationsAsync(subscription, outbox.Writer, background.Token);
        // On shutdown, stop reading and end the call normally, so connectors move to the next
        // instance at once instead of waiting out the host's shutdown timeout.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping);
        try
        {
            while (await ReadNextAsync(requests, reading.Token))
            {
                var request = requests.Current;
                if (request.KindCase == RelayRequest.KindOneofCase.Message)
                {
                    // A key revoked while its stream is open stops working at once, not at the next reconnect.
                    if (keys.Find(caller.KeyId) is { RevokedAt: not null })
                    {
                        throw new RpcException(new Status(StatusCode.Unauthenticated, "The x-api-key was revoked."));
                    }
                    await outbox.Writer.WriteAsync(await AnswerAsync(request.Message, merchantId, cancellation), cancellation);
                }
                else if (request.KindCase == RelayRequest.KindOneofCase.MemberEvent && Welcome(request.MemberEvent, merchantId) is { } welcome)
                {
                    await outbox.Writer.WriteAsync(welcome, cancellation);
                }
            }
        }
        finally
        {
            // Stop the producers, then let the writer drain what is queued (the last replies).
            await background.CancelAsync();
            await Task.WhenAll(Quietly(heartbeats), Quietly(notifications));
            outbox.Writer.TryComplete();
            await Quietly(writer);
            LogDisconnected(hello.ConnectorId, sessionId);
        }
    }

    private RelayResponse? Welcome(MemberEvent member, string merchantId)
    {
        if (member.Kind != MemberEventKind.MemberJoinedGroup || member.Member is null || member.GroupId.Length is 0 or > MessageRules.MaxIdLength)
        {
            return null;
        }
        var platform = GroupSettingsMapping.Platform(member.Platform);
        var name = member.Member.DisplayName.Length > 0 ? member.Member.DisplayName : member.Member.UserId;
        return groups.WelcomeFor(merchantId, platform, member.GroupId, name) is { } text
            ? new RelayResponse
            {
                Notification = new Notification
                {
                    DeliveryId = Guid.NewGuid().ToString("n"),
                    Platform = platform,
                    GroupId = member.GroupId,
                    Kind = "member.welcome",
                    Reply = new BotReply { Text = text, MentionUserIds = { member.Member.UserId } },
                },
            }
            : null;
    }

    private static async Task<bool> ReadNextAsync(IAsyncStreamReader<RelayRequest> requests, CancellationToken cancellation)
    {
        try
        {
            return await requests.MoveNext(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<RelayResponse> AnswerAsync(ChatMessage message, string merchantId, CancellationToken cancellation)
    {
        try
        {
            var result = await conversation.HandleAsync(MessageMapping.ToDomain(message, merchantId, time), cancellation);
            return new RelayResponse
            {
                Reply = new RelayReply
                {
                    DeliveryId = Guid.NewGuid().ToString("n"),
                    Platform = message.Platform,
                    GroupId = message.GroupId,
                    InReplyToMessageId = message.MessageId,
                    Intent = MessageMapping.ToContract(result.Intent),
                    Replies = { result.Replies.Select(r => MessageMapping.ToContract(r, message.MessageId)) },
                },
            };
        }
        catch (Exception ex) when (ErrorMappingInterceptor.ToRpcException(ex) is { } status)
        {
            // One bad message must not end the connector's stream: report it and go on.
            return new RelayResponse
            {
                Error = new RelayError
                {
                    MessageId = message.MessageId,
                    Platform = message.Platform,
                    GroupId = message.GroupId,
                    Code = (int)status.StatusCode,
                    Detail = status.Status.Detail,
                },
            };
        }
    }

    private static async Task WriteAllAsync(ChannelReader<RelayResponse> reader, IServerStreamWriter<RelayResponse> responses, CancellationToken cancellation)
    {
        await foreach (var response in reader.ReadAllAsync(cancellation))
        {
            await responses.WriteAsync(response, cancellation);
        }
    }

    private async Task HeartbeatAsync(ChannelWriter<RelayResponse> outbox, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(options.Value.RelayHeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(cancellation))
        {
            await outbox.WriteAsync(new RelayResponse { Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()) } }, cancellation);
        }
    }

    private static async Task ForwardNotificationsAsync(GroupNotifier.Subscription subscription, ChannelWriter<RelayResponse> outbox, CancellationToken cancellation)
    {
        await foreach (var n in subscription.Reader.ReadAllAsync(cancellation))
        {
            await outbox.WriteAsync(new RelayResponse
            {
                Notification = new Notification
                {
                    DeliveryId = Guid.NewGuid().ToString("n"),
                    Platform = n.Platform,
                    GroupId = n.GroupId,
                    Kind = n.Kind,
                    Reply = MessageMapping.ToContract(n.Reply, ""),
                },
            }, cancellation);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or InvalidOperationException or IOException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {ConnectorId} connected for merchant {MerchantId} (session {SessionId})")]
    private partial void LogConnected(string connectorId, string merchantId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {ConnectorId} disconnected (session {SessionId})")]
    private partial void LogDisconnected(string connectorId, string sessionId);
}
