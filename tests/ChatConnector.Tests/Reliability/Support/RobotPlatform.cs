using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.ChatConnector.Platforms.Webhook;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ChatCommerce.ChatConnector.Tests.Reliability.Support;

/// <summary>One reply POST as the platform received it.</summary>
internal sealed record ReceivedReply(string? IdempotencyKey, string InReplyTo, string GroupId, string Text, IReadOnlyList<string> Mentions, bool Signed);

/// <summary>
/// The chat platform side of the webhook robot, as a real one behaves: it POSTs each group message
/// to the connector until the connector answers 202 (a refused connection, a reset or a 5xx is
/// tried again), and records every reply the connector POSTs back, repeats included.
/// </summary>
internal sealed class RobotPlatform : IAsyncDisposable
{
    private readonly string _secret;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalHttpServer _receiver = null!;
    private Uri? _messagesUrl;
    private int _attempts;

    private RobotPlatform(string secret) => _secret = secret;

    /// <summary>Every reply POST received, in arrival order.</summary>
    public AsyncLog<ReceivedReply> Replies { get; } = new();

    /// <summary>Where the connector posts replies.</summary>
    public Uri ReplyUrl => new(_receiver.Url, "/replies");

    /// <summary>Ids of the messages the connector answered 202, in the order it did.</summary>
    public AsyncLog<string> Accepted { get; } = new();

    /// <summary>POSTs of messages, first tries and retries together.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public static async Task<RobotPlatform> StartAsync(string secret)
    {
        var platform = new RobotPlatform(secret);
        platform._receiver = await LocalHttpServer.StartAsync(platform.ReceiveReplyAsync);
        return platform;
    }

    /// <summary>Sends messages to <c>POST {connector}/messages</c> from now on.</summary>
    public void ConnectTo(Uri connectorUrl) => _messagesUrl = new Uri(connectorUrl, WebhookChatPlatform.MessagesPath);

    /// <summary>POSTs the message until the connector answers 202; fails on any other 4xx.</summary>
    public async Task SendUntilAcceptedAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var messageId = (string)message["message_id"]!;
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        while (true)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                using var response = await _http.SendAsync(Signed(body), cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Accepted.Add(messageId);
                    return;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"The connector answered {(int)response.StatusCode} to {messageId}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                // The connector is down or was killed mid-request: a platform tries again.
            }

            // A retry pause against an external process; no time logic of ours depends on it.
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    private HttpRequestMessage Signed(byte[] body)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, _messagesUrl ?? throw new InvalidOperationException("No connector yet.")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_secret, now, body));
        return request;
    }

    private async Task ReceiveReplyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var signed = WebhookSignature.Verify(
            _secret, context.Request.Headers[WebhookSignature.TimestampHeader], context.Request.Headers[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow);
        var reply = JsonNode.Parse(body)!;
        Replies.Add(new ReceivedReply(
            context.Request.Headers[WebhookChatPlatform.IdempotencyKeyHeader].FirstOrDefault(),
            (string)reply["in_reply_to_message_id"]!,
            (string)reply["group_id"]!,
            (string)reply["text"]!,
            [.. reply["mention_user_ids"]!.AsArray().Select(id => (string)id!)],
            signed));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
