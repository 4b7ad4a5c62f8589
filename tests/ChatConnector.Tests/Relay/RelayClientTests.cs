using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using static ChatCommerce.ChatConnector.Tests.TestSupport.Messages;
using Kind = ChatCommerce.Contracts.V1.RelayRequest.KindOneofCase;

namespace ChatCommerce.ChatConnector.Tests.Relay;

public sealed class RelayClientTests
{
    private static readonly TimeSpan Timeout = AsyncLog<object>.DefaultTimeout;

    [Fact]
    public async Task HelloIsTheFirstFrameEvenWhenMessagesAreAlreadyWaiting()
    {
        await using var harness = await RelayHarness.StartAsync();
        await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None);

        harness.Run();

        var received = await harness.Server.Received.WaitForAsync(r => r.Count >= 2);
        Assert.Equal([Kind.Hello, Kind.Message], received.Take(2).Select(r => r.Request.KindCase));
        var hello = received[0].Request.Hello;
        Assert.Equal("test-connector", hello.ConnectorId);
        Assert.Equal(["console"], hello.Platforms);
        Assert.Equal("1.2.3", hello.Version);
        Assert.Equal(TestBotServer.ApiKey, received[0].ApiKey);
    }

    [Fact]
    public async Task ReplyIsPostedToTheMessagesGroupAndAcked()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();

        await harness.Relay.SendAsync(Chat("m1", "有什么耳机推荐", groupId: "family"), CancellationToken.None);

        var post = Assert.Single(await harness.Platform.Posted.WaitForAsync(p => p.Count >= 1));
        Assert.Equal("family", post.GroupId);
        Assert.Equal("echo: 有什么耳机推荐", post.Reply.Text);
        Assert.Equal(["alice"], post.Reply.MentionUserIds);
        var ack = (await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Ack)))
            .Single(x => x.Request.KindCase == Kind.Ack).Request.Ack;
        Assert.Equal("delivery-m1", ack.DeliveryId);
        Assert.True(ack.Delivered);
        await harness.Relay.WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, harness.Relay.PendingCount);
    }

    [Fact]
    public async Task ReplyThatCannotBePostedIsAckedAsNotDelivered()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Platform.PostFailure = new IOException("The group is muted.");
        harness.Run();

        await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None);

        var ack = (await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Ack)))
            .Single(x => x.Request.KindCase == Kind.Ack).Request.Ack;
        Assert.Equal("delivery-m1", ack.DeliveryId);
        Assert.False(ack.Delivered);
        Assert.Equal("The group is muted.", ack.Error);
    }

    [Fact]
    public async Task NotificationIsPostedToItsGroupAndAcked()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();
        await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Hello));

        harness.Server.Push(new RelayResponse
        {
            Notification = new Notification
            {
                DeliveryId = "n1",
                Platform = "console",
                GroupId = "family",
                Kind = "group_buy.succeeded",
                Reply = new BotReply { Text = "拼团成功！", MentionUserIds = { "alice", "bob" } },
            },
        });

        var post = Assert.Single(await harness.Platform.Posted.WaitForAsync(p => p.Count >= 1));
        Assert.Equal("family", post.GroupId);
        Assert.Equal("拼团成功！", post.Reply.Text);
        var ack = (await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Ack)))
            .Single(x => x.Request.KindCase == Kind.Ack).Request.Ack;
        Assert.Equal("n1", ack.DeliveryId);
        Assert.True(ack.Delivered);
    }

    [Fact]
    public async Task NotificationForAnotherPlatformIsAckedAsNotDelivered()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();
        await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Hello));

        harness.Server.Push(new RelayResponse
        {
            Notification = new Notification { DeliveryId = "n1", Platform = "irc", GroupId = "#deals", Reply = new BotReply { Text = "hi" } },
        });

        var ack = (await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Ack)))
            .Single(x => x.Request.KindCase == Kind.Ack).Request.Ack;
        Assert.False(ack.Delivered);
        Assert.Contains("irc", ack.Error);
        Assert.Empty(harness.Platform.Posted.Snapshot());
    }

    [Fact]
    public async Task ErrorAnswerEndsTheMessageWithoutPostingAnything()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Server.Answer = message => message.Text == "bad"
            ? new RelayResponse { Error = new RelayError { MessageId = message.MessageId, Platform = message.Platform, GroupId = message.GroupId, Code = 3, Detail = "text is too long" } }
            : TestBotServer.Echo(message);
        harness.Run();

        await harness.Relay.SendAsync(Chat("m1", "bad"), CancellationToken.None);
        await harness.Relay.SendAsync(Chat("m2", "good"), CancellationToken.None);

        var post = Assert.Single(await harness.Platform.Posted.WaitForAsync(p => p.Count >= 1));
        Assert.Equal("m2", post.Reply.InReplyToMessageId);
        await harness.Relay.WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task DuplicateMessageIsRelayedOnce()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();

        Assert.True(await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None));
        Assert.False(await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None));
        Assert.True(await harness.Relay.SendAsync(Chat("m1", groupId: "other-group"), CancellationToken.None));
        await harness.Relay.SendAsync(Chat("marker"), CancellationToken.None);

        // The stream is ordered: once the marker is answered, nothing sent before it is still on its way.
        await harness.Platform.Posted.WaitForAsync(p => p.Any(x => x.Reply.InReplyToMessageId == "marker"));
        var messages = harness.Server.Requests(Kind.Message).Select(r => $"{r.Message.GroupId}/{r.Message.MessageId}");
        Assert.Equal(["g1/m1", "other-group/m1", "g1/marker"], messages);
    }

    [Fact]
    public async Task MessageSentWhileTheServerIsDownIsDeliveredExactlyOnceAfterReconnecting()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();
        await harness.Relay.SendAsync(Chat("before"), CancellationToken.None);
        await harness.Platform.Posted.WaitForAsync(p => p.Count == 1);

        await harness.Server.StopAsync();
        await harness.Relay.SendAsync(Chat("during", "还在吗"), CancellationToken.None);
        Assert.Equal(1, harness.Relay.PendingCount);
        await harness.Server.StartAsync();

        await harness.Platform.Posted.WaitForAsync(p => p.Any(x => x.Reply.InReplyToMessageId == "during"));
        await harness.Relay.SendAsync(Chat("after"), CancellationToken.None);
        var posts = await harness.Platform.Posted.WaitForAsync(p => p.Any(x => x.Reply.InReplyToMessageId == "after"));

        Assert.Equal(["before", "during", "after"], posts.Select(p => p.Reply.InReplyToMessageId));
        Assert.Equal(["before", "during", "after"], harness.Server.Requests(Kind.Message).Select(r => r.Message.MessageId));
        var streams = harness.Server.Received.Snapshot().GroupBy(r => r.Stream).ToList();
        Assert.True(streams.Count >= 2);
        Assert.All(streams, stream => Assert.Equal(Kind.Hello, stream.First().Request.KindCase));
    }

    [Fact]
    public async Task MessageTheServerNeverAnsweredIsSentAgainOnTheNextStreamAndPostedOnce()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Server.Answer = _ => null;
        harness.Run();
        await harness.Relay.SendAsync(Chat("lost"), CancellationToken.None);
        await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Message));

        await harness.Server.StopAsync();
        harness.Server.Answer = TestBotServer.Echo;
        await harness.Server.StartAsync();

        await harness.Platform.Posted.WaitForAsync(p => p.Any(x => x.Reply.InReplyToMessageId == "lost"));
        await harness.Relay.SendAsync(Chat("after"), CancellationToken.None);
        var posts = await harness.Platform.Posted.WaitForAsync(p => p.Any(x => x.Reply.InReplyToMessageId == "after"));

        Assert.Equal(["lost", "after"], posts.Select(p => p.Reply.InReplyToMessageId));
        var sent = harness.Server.Received.Snapshot().Where(r => r.Request.KindCase == Kind.Message).ToList();
        Assert.Equal(["lost", "lost", "after"], sent.Select(r => r.Request.Message.MessageId));
        Assert.NotEqual(sent[0].Stream, sent[1].Stream);
    }

    [Fact]
    public async Task StreamClosedByTheServerIsReopenedWithANewHello()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Server.EndStreamAfter = message => message.Text == "bye";
        harness.Run();

        await harness.Relay.SendAsync(Chat("m1", "bye"), CancellationToken.None);
        await harness.Platform.Posted.WaitForAsync(p => p.Count == 1);
        await harness.Relay.SendAsync(Chat("m2"), CancellationToken.None);
        await harness.Platform.Posted.WaitForAsync(p => p.Count == 2);

        var received = harness.Server.Received.Snapshot();
        Assert.Equal([Kind.Hello, Kind.Message], received.Where(r => r.Stream == 1).Select(r => r.Request.KindCase).Take(2));
        var secondStream = received.Where(r => r.Stream == 2).Select(r => r.Request).ToList();
        Assert.Equal(Kind.Hello, secondStream[0].KindCase);
        Assert.Equal(["m2"], secondStream.Where(r => r.KindCase == Kind.Message).Select(r => r.Message.MessageId));
    }

    [Fact]
    public async Task HeartbeatsFollowTheIntervalTheWelcomeAsksFor()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 11, 20, 0, 0, TimeSpan.Zero));
        await using var harness = await RelayHarness.StartAsync(time, serverHeartbeatInterval: TimeSpan.FromSeconds(5));
        harness.Run();
        // The reply proves the stream is welcomed, and the heartbeat timer starts before replies are read.
        await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None);
        await harness.Platform.Posted.WaitForAsync(p => p.Count == 1);
        Assert.Empty(harness.Server.Requests(Kind.Heartbeat));

        time.Advance(TimeSpan.FromSeconds(5));

        var heartbeat = (await harness.Server.Received.WaitForAsync(r => r.Any(x => x.Request.KindCase == Kind.Heartbeat)))
            .Single(x => x.Request.KindCase == Kind.Heartbeat).Request.Heartbeat;
        Assert.Equal(time.GetUtcNow(), heartbeat.SentAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task ShutdownClosesTheStreamInsteadOfCuttingIt()
    {
        await using var harness = await RelayHarness.StartAsync();
        harness.Run();
        await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None);
        await harness.Platform.Posted.WaitForAsync(p => p.Count == 1);

        await harness.StopRelayAsync();

        Assert.IsAssignableFrom<OperationCanceledException>(await Record.ExceptionAsync(() => harness.Running));
        var closed = Assert.Single(await harness.Server.Closed.WaitForAsync(c => c.Count >= 1));
        Assert.True(closed.Completed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RefusedApiKeyStopsTheRelayInsteadOfRetrying(bool refuseInMiddleware)
    {
        await using var harness = await RelayHarness.StartAsync(apiKey: "wrong-key", refuseInMiddleware: refuseInMiddleware);
        await harness.Relay.SendAsync(Chat("m1"), CancellationToken.None);

        harness.Run();

        var rejected = await Assert.ThrowsAsync<RelayRejectedException>(() => harness.Running.WaitAsync(Timeout));
        Assert.Contains("Unknown API key", rejected.Message);
        Assert.Empty(harness.Server.Received.Snapshot());
    }
}
