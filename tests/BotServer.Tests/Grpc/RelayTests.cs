using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Grpc;

public sealed class RelayTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AConnectorIsWelcomedAndEveryMessageGetsAReplyForItsMessageId()
    {
        using var relay = server.App.ChatBot().Relay(BotServerApp.Key(server.App.DemoConnectorKey()));
        await relay.RequestStream.WriteAsync(new RelayRequest { Hello = new ConnectorHello { ConnectorId = "test-1", Platforms = { "console" } } });
        var welcome = await NextAsync(relay, RelayResponse.KindOneofCase.Welcome);

        var help = Messages.To("help");
        var chatter = Messages.To("今晚吃火锅吗", mentionsBot: false);
        await relay.RequestStream.WriteAsync(new RelayRequest { Message = help });
        await relay.RequestStream.WriteAsync(new RelayRequest { Message = chatter });
        var first = await NextAsync(relay, RelayResponse.KindOneofCase.Reply);
        var second = await NextAsync(relay, RelayResponse.KindOneofCase.Reply);
        await relay.RequestStream.CompleteAsync();

        Assert.Equal("demo", welcome.Welcome.MerchantId);
        Assert.Equal(help.MessageId, first.Reply.InReplyToMessageId);
        Assert.Equal("g1", first.Reply.GroupId);
        Assert.NotEmpty(first.Reply.Replies);
        Assert.Equal(chatter.MessageId, second.Reply.InReplyToMessageId);
        Assert.Empty(second.Reply.Replies);
    }

    [Fact]
    public async Task ABadMessageGetsAnErrorFrameAndTheStreamGoesOn()
    {
        using var relay = server.App.ChatBot().Relay(BotServerApp.Admin);
        await relay.RequestStream.WriteAsync(new RelayRequest { Hello = new ConnectorHello { ConnectorId = "test-2" } });
        await NextAsync(relay, RelayResponse.KindOneofCase.Welcome);
        var bad = Messages.To("help");
        bad.GroupId = "";

        await relay.RequestStream.WriteAsync(new RelayRequest { Message = bad });
        var error = await NextAsync(relay, RelayResponse.KindOneofCase.Error);
        await relay.RequestStream.WriteAsync(new RelayRequest { Message = Messages.To("hello") });
        var reply = await NextAsync(relay, RelayResponse.KindOneofCase.Reply);
        await relay.RequestStream.CompleteAsync();

        Assert.Equal((int)StatusCode.InvalidArgument, error.Error.Code);
        Assert.Contains("group_id", error.Error.Detail);
        Assert.Equal("greet", reply.Reply.Intent.Intent);
    }

    [Fact]
    public async Task ANewMemberOfAGroupWithAWelcomeTextIsGreetedByName()
    {
        var group = "welcome-" + Guid.NewGuid().ToString("n");
        await server.App.Merchants().BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo", Platform = "console", GroupId = group, WelcomeText = "欢迎 {member} 入群！回复“拼团进度”看正在拼的团。",
        }, BotServerApp.Admin);
        using var relay = server.App.ChatBot().Relay(BotServerApp.Key(server.App.DemoConnectorKey()));
        await relay.RequestStream.WriteAsync(new RelayRequest { Hello = new ConnectorHello { ConnectorId = "welcome", Platforms = { "console" } } });
        await NextAsync(relay, RelayResponse.KindOneofCase.Welcome);

        await relay.RequestStream.WriteAsync(new RelayRequest
        {
            MemberEvent = new MemberEvent { Platform = "console", GroupId = group, Kind = MemberEventKind.MemberJoinedGroup, Member = new Sender { UserId = "u-42", DisplayName = "小红" } },
        });
        var notification = await NextAsync(relay, RelayResponse.KindOneofCase.Notification);
        await relay.RequestStream.CompleteAsync();

        Assert.Equal((group, "member.welcome"), (notification.Notification.GroupId, notification.Notification.Kind));
        Assert.Equal("欢迎 小红 入群！回复“拼团进度”看正在拼的团。", notification.Notification.Reply.Text);
        Assert.Equal(["u-42"], notification.Notification.Reply.MentionUserIds);
    }

    [Fact]
    public async Task AStreamThatDoesNotStartWithHelloIsRefused()
    {
        using var relay = server.App.ChatBot().Relay(BotServerApp.Admin);

        await relay.RequestStream.WriteAsync(new RelayRequest { Message = Messages.To("help") });
        var error = await Assert.ThrowsAsync<RpcException>(() => relay.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private static async Task<RelayResponse> NextAsync(AsyncDuplexStreamingCall<RelayRequest, RelayResponse> relay, RelayResponse.KindOneofCase kind)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await relay.ResponseStream.MoveNext(timeout.Token))
        {
            if (relay.ResponseStream.Current.KindCase == kind)
            {
                return relay.ResponseStream.Current;
            }
            Assert.Equal(RelayResponse.KindOneofCase.Heartbeat, relay.ResponseStream.Current.KindCase);
        }
        throw new Xunit.Sdk.XunitException($"The stream ended before a {kind} frame.");
    }
}
