using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ChatCommerce.ChatConnector.Platforms;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// Owns the connector's one <c>Relay</c> stream to the BotServer: sends the hello, the platform's
/// messages and heartbeats; posts replies and notifications to the platform and acks them;
/// keeps unanswered messages and re-sends them, in order, after reconnecting with backoff.
/// </summary>
public sealed partial class RelayClient
{
    public const string ApiKeyHeader = "x-api-key";

    private readonly ChatBot.ChatBotClient _client;
    private readonly IPendingMessageQueue _pending;
    private readonly RelayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RelayClient> _logger;
    private readonly RecentMessageIds _seen;
    private readonly ReconnectBackoff _backoff;
    // Member events only feed welcome texts: while the BotServer is away the oldest are dropped.
    private readonly Channel<MemberEvent> _memberEvents =
        Channel.CreateBounded<MemberEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public RelayClient(
        ChatBot.ChatBotClient client,
        IPendingMessageQueue pending,
        IOptions<RelayOptions> options,
        TimeProvider timeProvider,
        ILogger<RelayClient> logger)
    {
        _client = client;
        _pending = pending;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _seen = new RecentMessageIds(_options.DeduplicationWindow);
        // Messages restored from a disk queue count as seen: a platform redelivering one after a restart is a duplicate.
        foreach (var restored in _pending.Snapshot())
        {
            _seen.TryAdd(MessageKey.Of(restored.Message));
        }

        _backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay, Random.Shared);
    }

    /// <summary>Messages sent to the BotServer (or waiting to be) that it has not answered yet.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Queues a platform message for the BotServer. Returns false, and drops the message, when
    /// a message with the same key was seen recently (platforms redeliver). Waits while the
    /// pending queue is full.
    /// </summary>
    public async ValueTask<bool> SendAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        if (!_seen.TryAdd(MessageKey.Of(message)))
        {
            LogDuplicateDropped(message.MessageId, message.Platform, message.GroupId);
            return false;
        }

        await _pending.EnqueueAsync(message, cancellationToken);
        return true;
    }

    /// <summary>
    /// Queues someone's join or leave for the BotServer. Unlike messages these are not kept across
    /// restarts, and only the latest 1,000 wait while the BotServer is unreachable.
    /// </summary>
    public bool SendMemberEvent(MemberEvent memberEvent) => _memberEvents.Writer.TryWrite(memberEvent);

    /// <summary>Completes when the BotServer has answered every message sent so far.</summary>
    public Task WaitUntilIdleAsync(CancellationToken cancellationToken) => _pending.WaitUntilEmptyAsync(cancellationToken);

    /// <summary>
    /// Keeps a stream open until <paramref name="cancellationToken"/> fires, reconnecting after
    /// failures, and posts what the BotServer says to <paramref name="platform"/>.
    /// </summary>
    /// <exception cref="RelayRejectedException">The BotServer refused the API key.</exception>
    public async Task RunAsync(IChatPlatform platform, CancellationToken cancellationToken)
    {
        while (true)
        {
            string reason;
            Exception? failure = null;
            try
            {
                await RunStreamAsync(platform, cancellationToken);
                reason = "the BotServer ended the stream";
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                throw new RelayRejectedException($"The BotServer at {_options.BotUrl} refused this connector: {e.Status.Detail}", e);
            }
            catch (Exception e)
            {
                reason = Describe(e);
                failure = e;
            }

            var delay = _backoff.NextDelay();
            // Attempts repeat while the BotServer is down: one line each, stack traces only when debugging.
            LogReconnecting(_logger.IsEnabled(LogLevel.Debug) ? failure : null, _options.BotUrl, reason, delay.TotalSeconds, _backoff.Failures);
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    private async Task RunStreamAsync(IChatPlatform platform, CancellationToken cancellationToken)
    {
        // Cancelling a call cuts it, which the server sees as a failed read; on shutdown the stream
        // is closed instead, so the call gets its own token, cancelled only when closing fails.
        using var abort = new CancellationTokenSource();
        using var call = _client.Relay(new Metadata { { ApiKeyHeader, _options.ApiKey } }, cancellationToken: abort.Token);
        using var writer = new RelayWriter(call.RequestStream);

        LogConnecting(_options.BotUrl, _backoff.Failures + 1);
        var hello = new RelayRequest
        {
            Hello = new ConnectorHello { ConnectorId = _options.ConnectorId, Platforms = { platform.Name }, Version = _options.Version },
        };
        try
        {
            await writer.WriteAsync(hello, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A call that failed while the hello was being written shows up here as a bare
            // cancellation. A refused connection fails the response headers with the real status;
            // a refused API key is a trailers-only response: headers, then the status.
            await call.ResponseHeadersAsync.WaitAsync(_options.WelcomeTimeout, _timeProvider, cancellationToken);
            var status = call.GetStatus();
            throw status.StatusCode == StatusCode.OK
                ? new RelayProtocolException("The BotServer ended the stream before the hello.")
                : new RpcException(status);
        }

        var welcome = await ReadWelcomeAsync(call.ResponseStream, cancellationToken);
        _backoff.Reset();
        var heartbeatInterval = welcome.HeartbeatInterval?.ToTimeSpan() is { } asked && asked > TimeSpan.Zero
            ? asked
            : _options.HeartbeatInterval;
        LogConnected(_options.BotUrl, welcome.SessionId, welcome.MerchantId, heartbeatInterval);

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The heartbeat timer starts before anything can be received, so its period counts from the welcome.
        var heartbeats = SendHeartbeatsAsync(writer, heartbeatInterval, sending.Token);
        var messages = SendPendingAsync(writer, sending.Token);
        var memberEvents = SendMemberEventsAsync(writer, sending.Token);
        var receiving = ReceiveAsync(call.ResponseStream, writer, platform, abort.Token);
        Task[] parts = [heartbeats, messages, memberEvents, receiving];

        var ended = await Task.WhenAny(parts);
        await sending.CancelAsync();
        await Task.WhenAll(heartbeats, messages, memberEvents).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(call, writer, receiving);
            throw new OperationCanceledException(cancellationToken);
        }

        await abort.CancelAsync();
        await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // A broken call fails writes with a bare cancellation; the reader's RpcException says why.
        var cause = parts.Select(part => part.Exception?.InnerException).OfType<RpcException>()
            .FirstOrDefault(rpc => rpc.StatusCode != StatusCode.Cancelled);
        if (cause is not null)
        {
            ExceptionDispatchInfo.Throw(cause);
        }

        await ended;
    }

    /// <summary>Closes the connector's side and gives the server a moment to end the call; cuts it after that.</summary>
    private async Task CloseAsync(AsyncDuplexStreamingCall<RelayRequest, RelayResponse> call, RelayWriter writer, Task receiving)
    {
        try
        {
            await writer.CompleteAsync();
            await receiving.WaitAsync(_options.CloseTimeout, _timeProvider);
        }
        catch (Exception e)
        {
            LogCloseFailed(e.Message);
        }
        finally
        {
            call.Dispose();
        }
    }

    private async Task<RelayWelcome> ReadWelcomeAsync(IAsyncStreamReader<RelayResponse> responses, CancellationToken cancellationToken)
    {
        if (!await responses.MoveNext(cancellationToken).WaitAsync(_options.WelcomeTimeout, _timeProvider, cancellationToken))
        {
            throw new RelayProtocolException("The BotServer closed the stream without a welcome.");
        }

        return responses.Current.KindCase == RelayResponse.KindOneofCase.Welcome
            ? responses.Current.Welcome
            : throw new RelayProtocolException($"The BotServer answered the hello with {responses.Current.KindCase} instead of a welcome.");
    }

    private async Task SendHeartbeatsAsync(RelayWriter writer, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await writer.WriteAsync(
                new RelayRequest { Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow()) } },
                cancellationToken);
        }
    }

    private async Task SendPendingAsync(RelayWriter writer, CancellationToken cancellationToken)
    {
        // Each stream starts from the beginning of the queue: what an earlier stream sent but
        // never got answered is sent again, in the original order.
        long sent = 0;
        while (true)
        {
            foreach (var pending in await _pending.WaitForMessagesAfterAsync(sent, cancellationToken))
            {
                await writer.WriteAsync(new RelayRequest { Message = pending.Message }, cancellationToken);
                sent = pending.Sequence;
                LogMessageSent(pending.Message.MessageId, pending.Message.Platform, pending.Message.GroupId);
            }
        }
    }

    private async Task SendMemberEventsAsync(RelayWriter writer, CancellationToken cancellationToken)
    {
        await foreach (var memberEvent in _memberEvents.Reader.ReadAllAsync(cancellationToken))
        {
            await writer.WriteAsync(new RelayRequest { MemberEvent = memberEvent }, cancellationToken);
        }

        // Reached only if the channel is completed, which it never is: keep the stream's other parts going.
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private async Task ReceiveAsync(
        IAsyncStreamReader<RelayResponse> responses,
        RelayWriter writer,
        IChatPlatform platform,
        CancellationToken cancellationToken)
    {
        await foreach (var response in responses.ReadAllAsync(cancellationToken))
        {
            switch (response.KindCase)
            {
                case RelayResponse.KindOneofCase.Reply:
                    await HandleReplyAsync(response.Reply, writer, platform, cancellationToken);
                    break;
                case RelayResponse.KindOneofCase.Notification:
                    var notification = response.Notification;
                    var error = await PostAsync(platform, notification.Platform, notification.GroupId, [notification.Reply], "n/" + notification.DeliveryId, cancellationToken);
                    await AckAsync(writer, notification.DeliveryId, error, cancellationToken);
                    break;
                case RelayResponse.KindOneofCase.Error:
                    var refused = response.Error;
                    _pending.TryComplete(new MessageKey(refused.Platform, refused.GroupId, refused.MessageId));
                    LogMessageRefused(refused.MessageId, refused.Platform, refused.GroupId, refused.Code, refused.Detail);
                    break;
                case RelayResponse.KindOneofCase.Heartbeat:
                    LogHeartbeatReceived();
                    break;
                default:
                    // Newer servers may send kinds this connector does not know yet.
                    LogUnexpectedResponse(response.KindCase);
                    break;
            }
        }
    }

    private async Task HandleReplyAsync(RelayReply reply, RelayWriter writer, IChatPlatform platform, CancellationToken cancellationToken)
    {
        string? error;
        var key = new MessageKey(reply.Platform, reply.GroupId, reply.InReplyToMessageId);
        if (_pending.Contains(key))
        {
            // Posted before the message leaves the queue: a crash in between posts the answer again
            // after the restart (under the same delivery keys) rather than never. A post cancelled
            // by a cut stream or a shutdown leaves the message queued, to be answered again.
            error = await PostAsync(platform, reply.Platform, reply.GroupId, reply.Replies, "r/" + Uri.EscapeDataString(reply.GroupId) + "/" + Uri.EscapeDataString(reply.InReplyToMessageId), cancellationToken);
            _pending.TryComplete(key);
        }
        else
        {
            // A message re-sent after a lost reply can be answered twice; the group sees the first answer only.
            error = "Not posted: the message was already answered.";
            LogDuplicateAnswer(reply.InReplyToMessageId, reply.Platform, reply.GroupId);
        }

        await AckAsync(writer, reply.DeliveryId, error, cancellationToken);
    }

    /// <summary>Posts the texts in order; returns why they were not all posted, or null.</summary>
    /// <param name="deliveryKey">Names this delivery; each text's key is it plus the text's position.</param>
    private async Task<string?> PostAsync(
        IChatPlatform platform,
        string platformName,
        string groupId,
        IEnumerable<BotReply> replies,
        string deliveryKey,
        CancellationToken cancellationToken)
    {
        if (platformName.Length > 0 && !platformName.Equals(platform.Name, StringComparison.OrdinalIgnoreCase))
        {
            LogWrongPlatform(platformName, groupId, platform.Name);
            return $"This connector serves {platform.Name}, not {platformName}.";
        }

        foreach (var (index, reply) in replies.Index())
        {
            try
            {
                await platform.SendAsync(groupId, reply, $"{deliveryKey}/{index + 1}", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPostFailed(e, platform.Name, groupId);
                return e.Message;
            }
        }

        return null;
    }

    private static async Task AckAsync(RelayWriter writer, string deliveryId, string? error, CancellationToken cancellationToken)
    {
        if (deliveryId.Length == 0)
        {
            return;
        }

        await writer.WriteAsync(
            new RelayRequest { Ack = new DeliveryAck { DeliveryId = deliveryId, Delivered = error is null, Error = error ?? "" } },
            cancellationToken);
    }

    private static string Describe(Exception e) => e switch
    {
        RpcException { Status.DebugException: { } cause } rpc => $"{rpc.StatusCode}: {rpc.Status.Detail} ({cause.Message})",
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => e.Message,
    };

    /// <summary>gRPC allows one write at a time on a stream; messages, acks and heartbeats take turns.</summary>
    private sealed class RelayWriter(IClientStreamWriter<RelayRequest> stream) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task WriteAsync(RelayRequest request, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync(request, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Tells the server the connector will send nothing more.</summary>
        public async Task CompleteAsync()
        {
            await _gate.WaitAsync();
            try
            {
                await stream.CompleteAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to {BotUrl} (attempt {Attempt})")]
    private partial void LogConnecting(Uri botUrl, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {BotUrl}: session {SessionId}, merchant {MerchantId}, heartbeat every {HeartbeatInterval}")]
    private partial void LogConnected(Uri botUrl, string sessionId, string merchantId, TimeSpan heartbeatInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay to {BotUrl} interrupted: {Reason}. Reconnecting in {DelaySeconds:0.0} s (failed attempts: {Failures})")]
    private partial void LogReconnecting(Exception? exception, Uri botUrl, string reason, double delaySeconds, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cut the relay stream instead of closing it: {Reason}")]
    private partial void LogCloseFailed(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent message {MessageId} from {Platform}/{GroupId}")]
    private partial void LogMessageSent(string messageId, string platform, string groupId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped duplicate message {MessageId} from {Platform}/{GroupId}")]
    private partial void LogDuplicateDropped(string messageId, string platform, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The BotServer refused message {MessageId} from {Platform}/{GroupId}: code {Code}, {Detail}")]
    private partial void LogMessageRefused(string messageId, string platform, string groupId, int code, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped a second answer to message {MessageId} from {Platform}/{GroupId}")]
    private partial void LogDuplicateAnswer(string messageId, string platform, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post to {Platform}/{GroupId}")]
    private partial void LogPostFailed(Exception exception, string platform, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Got a post for {Platform}/{GroupId}, but this connector serves {ServedPlatform}")]
    private partial void LogWrongPlatform(string platform, string groupId, string servedPlatform);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Heartbeat from the BotServer")]
    private partial void LogHeartbeatReceived();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {Kind} response this connector does not understand")]
    private partial void LogUnexpectedResponse(RelayResponse.KindOneofCase kind);
}
