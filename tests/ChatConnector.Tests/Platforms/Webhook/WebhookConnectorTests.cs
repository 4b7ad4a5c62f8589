using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.ChatConnector.Platforms.Webhook;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Webhook;

/// <summary>The connector between a real local reply receiver and a test BotServer, messages POSTed to its endpoint.</summary>
public sealed class WebhookConnectorTests : IAsyncLifetime
{
    private const string Secret = "0123456789abcdef-test-secret";

    private readonly TestBotServer _bot = new();
    private readonly AsyncLog<(JsonNode Body, bool Signed, string? IdempotencyKey)> _replies = new();
    private readonly HttpClient _http = new();
    private LocalHttpServer _receiver = null!;
    private IHost _connector = null!;
    private Uri _endpoint = null!;
    private int _failuresLeft;
    private int _attempts;

    public async Task InitializeAsync()
    {
        await _bot.StartAsync();
        _receiver = await LocalHttpServer.StartAsync(ReceiveReplyAsync);
        var settings = new ConnectorSettings("webhook", _bot.Url, TestBotServer.ApiKey, "webhook-test", "g", "shopbot", "me", false, LogLevel.Warning)
        {
            Webhook = new WebhookSettings(new Uri("http://127.0.0.1:0"), new Uri(_receiver.Url, "/replies"), Secret),
        };
        _connector = ConnectorHost.Build(settings, services =>
        {
            services.PostConfigure<WebhookPlatformOptions>(options => options.RetryBaseDelay = TimeSpan.FromMilliseconds(20));
            // Room for one unanswered message, so a test can hold the next one out of the queue.
            services.PostConfigure<RelayOptions>(options => options.MaxPendingMessages = 1);
        });
        await _connector.StartAsync();
        _endpoint = new Uri(await _connector.Services.GetRequiredService<WebhookChatPlatform>().Listening.WaitAsync(TimeSpan.FromSeconds(10)), WebhookChatPlatform.MessagesPath);
    }

    public async Task DisposeAsync()
    {
        await _connector.StopAsync(TimeSpan.FromSeconds(5));
        _connector.Dispose();
        await _receiver.DisposeAsync();
        await _bot.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task AGroupMessageIsAcceptedAtOnceAndTheBotsReplyIsPostedSignedToTheReplyUrl()
    {
        var response = await PostAsync(Message("m1", "@shopbot 推荐一款耳机"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (body, signed, _) = (await _replies.WaitForAsync(replies => replies.Count == 1))[0];
        Assert.True(signed);
        Assert.Equal("room-1", (string?)body["group_id"]);
        Assert.Equal("echo: 推荐一款耳机", (string?)body["text"]);
        Assert.Equal(["u-alice"], body["mention_user_ids"]!.AsArray().Select(id => (string?)id));
        Assert.Equal("m1", (string?)body["in_reply_to_message_id"]);
        var relayed = _bot.Requests(RelayRequest.KindOneofCase.Message).Single().Message;
        Assert.Equal(("webhook", "room-1", "u-alice", "Alice", true), (relayed.Platform, relayed.GroupId, relayed.Sender.UserId, relayed.Sender.DisplayName, relayed.MentionsBot));
    }

    [Fact]
    public async Task AMessageIsAcceptedOnlyOnceItIsQueuedAndTheQueueFreesItsPlaceOnlyAfterTheReplyIsPosted()
    {
        _bot.Answer = _ => null;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(Message("q1", "@shopbot 有猫砂吗"))).StatusCode);
        await _bot.Received.WaitForAsync(_ => _bot.Requests(RelayRequest.KindOneofCase.Message).Any());

        // The queue is full with q1, unanswered: q2 cannot be queued, so it is not accepted yet.
        var second = PostAsync(Message("q2", "@shopbot 有耳机吗"));
        _bot.Push(TestBotServer.Echo(_bot.Requests(RelayRequest.KindOneofCase.Message).Single().Message));
        var response = await second;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // q2 took q1's place, which q1 left only once its reply was at the reply URL.
        Assert.Equal("q1", (string?)Assert.Single(_replies.Snapshot()).Body["in_reply_to_message_id"]);
    }

    [Fact]
    public async Task AMessageThatWaitsTooLongForAFullQueueIsAnswered503AndItsRetryIsAcceptedOnceTheConnectorHoldsIt()
    {
        // The platform alone on a fake clock; nobody queues its messages, as when the queue is full.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        await using var platform = new WebhookChatPlatform(
            Options.Create(new WebhookPlatformOptions { ListenUrl = new Uri("http://127.0.0.1:0"), Secret = Secret, QueueWait = TimeSpan.FromSeconds(10) }),
            clients.GetRequiredService<IHttpClientFactory>(), time, NullLogger<WebhookChatPlatform>.Instance);
        await platform.StartAsync(CancellationToken.None);
        var endpoint = new Uri(await platform.Listening, WebhookChatPlatform.MessagesPath);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var messages = platform.ReadMessagesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        var first = PostAsync(Message("full-1", "@shopbot 有耳机吗"), endpoint);
        Assert.True(await messages.MoveNextAsync());
        time.Advance(TimeSpan.FromSeconds(10));
        var refused = await first.WaitAsync(timeout.Token);
        // Room frees: the connector holds the message, and then the sender retries it.
        platform.OnQueued(messages.Current);
        var retry = PostAsync(Message("full-1", "@shopbot 有耳机吗"), endpoint);
        Assert.True(await messages.MoveNextAsync());
        platform.OnQueued(messages.Current);
        var accepted = await retry.WaitAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("full-1", messages.Current.MessageId);
    }

    [Fact]
    public async Task EachReplyPostCarriesAnIdempotencyKeyNamingTheGroupTheMessageAndThePart()
    {
        _bot.Answer = message =>
        {
            var echo = TestBotServer.Echo(message);
            echo.Reply.Replies.Add(new BotReply { Text = "and a second text", InReplyToMessageId = message.MessageId });
            return echo;
        };

        await PostAsync(Message("k1", "@shopbot 推荐耳机"));

        var keys = (await _replies.WaitForAsync(replies => replies.Count == 2)).Select(reply => reply.IdempotencyKey);
        Assert.Equal(["r/room-1/k1/1/1", "r/room-1/k1/2/1"], keys);
    }

    [Fact]
    public async Task AReplyUrlThatFailsTwiceGetsTheReplyOnTheThirdAttempt()
    {
        _failuresLeft = 2;

        await PostAsync(Message("m2", "shopbot: 有券吗"));

        await _replies.WaitForAsync(replies => replies.Count == 1);
        Assert.Equal(3, _attempts);
        var ack = await _bot.Received.WaitForAsync(_ => _bot.Requests(RelayRequest.KindOneofCase.Ack).Any());
        Assert.True(_bot.Requests(RelayRequest.KindOneofCase.Ack).Single().Ack.Delivered);
    }

    [Fact]
    public async Task AMessageWithAWrongSignatureIsRefusedAndNeverReachesTheBot()
    {
        var body = Encoding.UTF8.GetBytes(Message("m3", "@shopbot hi").ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookSignature.TimestampHeader, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign("another-secret-entirely", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_bot.Requests(RelayRequest.KindOneofCase.Message));
    }

    [Fact]
    public async Task AMessageWithoutItsRequiredFieldsIsABadRequestNamingThem()
    {
        var response = await PostAsync(new JsonObject { ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("group_id", problem);
        Assert.Contains("sender_id", problem);
    }

    [Fact]
    public async Task TheSignatureIsRefusedWhenItIsOlderThanFiveMinutes()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var stale = DateTimeOffset.UtcNow.AddMinutes(-6);

        Assert.False(WebhookSignature.Verify(Secret, stale.ToUnixTimeSeconds().ToString(), WebhookSignature.Sign(Secret, stale.ToUnixTimeSeconds(), body), body, DateTimeOffset.UtcNow));
        Assert.True(WebhookSignature.Verify(Secret, stale.ToUnixTimeSeconds().ToString(), WebhookSignature.Sign(Secret, stale.ToUnixTimeSeconds(), body), body, stale.AddSeconds(1)));
    }

    private static JsonObject Message(string id, string text) => new()
    {
        ["group_id"] = "room-1",
        ["message_id"] = id,
        ["sender_id"] = "u-alice",
        ["sender_name"] = "Alice",
        ["text"] = text,
        ["sent_at"] = "2025-11-11T12:00:00Z",
    };

    private async Task<HttpResponseMessage> PostAsync(JsonObject message, Uri? endpoint = null)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint ?? _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, now.ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(Secret, now, body));
        return await _http.SendAsync(request);
    }

    private async Task ReceiveReplyAsync(HttpContext context)
    {
        Interlocked.Increment(ref _attempts);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var signed = WebhookSignature.Verify(
            Secret, context.Request.Headers[WebhookSignature.TimestampHeader], context.Request.Headers[WebhookSignature.SignatureHeader], buffer.ToArray(), DateTimeOffset.UtcNow);
        _replies.Add((JsonNode.Parse(buffer.ToArray())!, signed, context.Request.Headers[WebhookChatPlatform.IdempotencyKeyHeader].FirstOrDefault()));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
