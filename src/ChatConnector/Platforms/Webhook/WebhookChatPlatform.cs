using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Platforms.Webhook;

/// <summary>
/// A group robot reached over HTTP, the way WeCom, DingTalk and Feishu group robots (or a
/// bridge in front of them) work: group messages arrive as signed JSON POSTs to
/// <c>/messages</c> and are answered 202 once the connector holds them (in its disk queue when
/// it has one, so a 202'd message survives a crash); replies leave as signed JSON POSTs to the
/// reply URL with an <c>Idempotency-Key</c>, retried with exponential backoff and jitter.
/// </summary>
public sealed partial class WebhookChatPlatform(
    IOptions<WebhookPlatformOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILogger<WebhookChatPlatform> logger) : IChatPlatform, IAsyncDisposable
{
    public const string PlatformName = "webhook";
    public const string MessagesPath = "/messages";
    public const string HttpClientName = "webhook-replies";

    /// <summary>
    /// The outbound header that names a reply part; a repeat of a part (re-posted after a restart)
    /// carries the same value, so a receiver that remembers keys can drop it (draft-ietf-httpapi-idempotency-key-header).
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxBodyBytes = 64 * 1024;
    private const int RetryAfterSeconds = 5;

    private readonly WebhookPlatformOptions _options = options.Value;
    private readonly PlatformInbox _inbox = new();
    private readonly GroupSendLimiter _limiter = new(options.Value.SendRate, timeProvider);
    private readonly MentionParser _mentions = new(options.Value.BotNick);
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    public string Name => PlatformName;

    /// <summary>The address the endpoint listens on, once started (the real port when 0 was asked for).</summary>
    public Task<Uri> Listening => _listening.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(_options.ListenUrl.GetLeftPart(UriPartial.Authority));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        _app = builder.Build();
        _app.MapPost(MessagesPath, ReceiveAsync);
        await _app.StartAsync(cancellationToken);
        var address = new Uri(_app.Urls.First());
        LogListening(new Uri(address, MessagesPath));
        _listening.TrySetResult(address);
    }

    public IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken) => _inbox.ReadMessagesAsync(cancellationToken);

    public void OnQueued(ChatMessage message) => _inbox.Queued(message);

    public async Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        var pieces = TextSplitter.Split(reply.Text, _options.MaxTextLength, TextSplitter.Utf16Units, oneLinePerPiece: false);
        var client = httpClients.CreateClient(HttpClientName);
        for (var i = 0; i < pieces.Count; i++)
        {
            await _limiter.WaitAsync(groupId, cancellationToken);
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new WebhookOutboundReply(groupId, pieces[i], [.. reply.MentionUserIds], reply.InReplyToMessageId, i + 1, pieces.Count),
                WebhookJson.Options);
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.ReplyUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_options.Secret, now, body));
            request.Headers.Add(IdempotencyKeyHeader, $"{deliveryKey}/{i + 1}");
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The reply URL answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _inbox.Complete();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        if (!WebhookSignature.Verify(
                _options.Secret,
                request.Headers[WebhookSignature.TimestampHeader],
                request.Headers[WebhookSignature.SignatureHeader],
                body,
                timeProvider.GetUtcNow()))
        {
            LogRefusedSignature(request.HttpContext.Connection.RemoteIpAddress);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"Missing, stale or wrong {WebhookSignature.SignatureHeader}.");
        }

        WebhookInboundMessage? inbound;
        try
        {
            inbound = JsonSerializer.Deserialize<WebhookInboundMessage>(body, WebhookJson.Options);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"Not a message: {e.Message}");
        }

        if (inbound is null || inbound.Problems() is { Count: > 0 } problems)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: string.Join(" ", inbound?.Problems() ?? ["The body is null."]));
        }

        var mentions = _mentions.Parse(inbound.Text!);
        var message = new ChatMessage
        {
            Platform = PlatformName,
            GroupId = inbound.GroupId,
            MessageId = inbound.MessageId,
            Sender = new Sender { UserId = inbound.SenderId, DisplayName = inbound.SenderName ?? inbound.SenderId },
            Text = mentions.Text,
            MentionsBot = inbound.MentionsBot == true || mentions.AddressesBot,
            MentionedUserIds = { mentions.MentionedUserIds },
            SentAt = Timestamp.FromDateTimeOffset(inbound.SentAt ?? timeProvider.GetUtcNow()),
        };
        // The queue may be full while the BotServer is away: wait a bounded time, then ask the sender to retry.
        using var queueWait = new CancellationTokenSource(_options.QueueWait, timeProvider);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, queueWait.Token);
        try
        {
            // 202 promises the message will be answered: only once it is queued, never from memory alone.
            await _inbox.AddAndWaitUntilQueuedAsync(message, waiting.Token);
        }
        catch (PlatformStoppedException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: e.Message);
        }
        catch (OperationCanceledException) when (queueWait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The message stays in line and is queued when room frees; the retry then finds it held and gets its 202.
            LogQueueFull(inbound.MessageId!, _options.QueueWait.TotalSeconds);
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: $"The connector's queue is full (the bot server is not answering); message {inbound.MessageId} is not accepted yet. Retry after {RetryAfterSeconds} s.");
        }

        return Results.Accepted(value: new { message_id = inbound.MessageId });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook platform listening on {Url}")]
    private partial void LogListening(Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook message {MessageId} waited {Seconds} s for room in the full queue; answered 503, retry expected")]
    private partial void LogQueueFull(string messageId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a webhook message from {Address}: bad signature")]
    private partial void LogRefusedSignature(IPAddress? address);
}
