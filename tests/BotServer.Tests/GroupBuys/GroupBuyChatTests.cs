using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.GroupBuys;

public sealed class GroupBuyChatTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ChatBot.ChatBotClient Bot => server.App.ChatBot();

    private static string NewGroup() => "gbchat-" + Guid.NewGuid().ToString("n");

    private async Task<HandleMessageResponse> SayAsync(string group, string user, string text, bool mentionsBot = true) =>
        await Bot.HandleMessageAsync(Messages.To(text, user: user, group: group, mentionsBot: mentionsBot), BotServerApp.Admin);

    private async Task<IList<string>> ListAsync(string group)
    {
        var list = await SayAsync(group, "alice", "推荐耳机");
        return Assert.Single(list.Replies).ProductIds;
    }

    [Fact]
    public async Task AliceStartsAGroupBuyFromTheListAndBobJoinsWithPlusOneWithoutAMention()
    {
        var group = NewGroup();
        var listed = await ListAsync(group);

        var started = await SayAsync(group, "alice", "拼第2个，3人团");
        var joined = await SayAsync(group, "bob", "+1", mentionsBot: false);
        var status = await SayAsync(group, "carol", "拼团进度");

        var roster = Assert.Single(started.Replies);
        Assert.Equal("start_group_buy", started.Intent.Intent);
        Assert.Equal([listed[1]], roster.ProductIds);
        Assert.Contains("【拼团 GB-", roster.Text);
        Assert.Contains("1. alice（团长）", roster.Text);
        Assert.Contains("原价", roster.Text);
        var joinReply = Assert.Single(joined.Replies).Text;
        Assert.StartsWith("bob 参团成功", joinReply);
        Assert.Contains("2. bob", joinReply);
        Assert.Contains("2. bob", Assert.Single(status.Replies).Text);
    }

    [Theory]
    [InlineData("+1", true)]
    [InlineData("我也要！", true)]
    [InlineData("算我一個", true)]
    [InlineData("Count me in!", true)]
    [InlineData("+1 今晚吃火锅", false)]
    [InlineData("我也要去看电影", false)]
    [InlineData("me too, the movie was great", false)]
    public void OnlyAShortJoinPhraseCountsAsAJoinUnderARoster(string text, bool join) =>
        Assert.Equal(join, BotServer.GroupBuys.GroupBuyChat.IsShortJoin(text));

    [Fact]
    public async Task PlusOneWithoutAnOpenTeamStaysQuiet()
    {
        var quiet = await SayAsync(NewGroup(), "bob", "+1", mentionsBot: false);

        Assert.Empty(quiet.Replies);
    }

    [Fact]
    public async Task StartingWithoutSayingWhichProductAsksWhichOneAndTheAnswerStartsIt()
    {
        var group = NewGroup();
        var listed = await ListAsync(group);

        var question = await SayAsync(group, "alice", "开个3人团");
        var answer = await SayAsync(group, "alice", "第3个", mentionsBot: false);

        Assert.Contains("哪一个", Assert.Single(question.Replies).Text);
        var roster = Assert.Single(answer.Replies);
        Assert.Equal([listed[2]], roster.ProductIds);
        Assert.Contains("3人团", roster.Text);
    }

    [Fact]
    public async Task AFullTeamIsAnnouncedOverRelayMentioningEveryMemberAndTheOrdersShowUp()
    {
        var group = NewGroup();
        using var relay = server.App.ChatBot().Relay(BotServerApp.Key(server.App.DemoConnectorKey()));
        await relay.RequestStream.WriteAsync(new RelayRequest { Hello = new ConnectorHello { ConnectorId = "gb-chat", Platforms = { "console" } } });
        Assert.True(await relay.ResponseStream.MoveNext(CancellationToken.None));
        await ListAsync(group);
        await SayAsync(group, "alice", "拼第1个，2人团");

        var joined = await SayAsync(group, "bob", "我也要", mentionsBot: false);
        Assert.Contains("已成团", Assert.Single(joined.Replies).Text);
        var announcement = await NextNotificationAsync(relay, group);
        var orders = await SayAsync(group, "bob", "我的订单");

        Assert.Contains("已成团", Assert.Single(joined.Replies).Text);
        Assert.Equal("group_buy.succeeded", announcement.Kind);
        Assert.Equal(["alice", "bob"], announcement.Reply.MentionUserIds);
        Assert.Contains("拼团成功", announcement.Reply.Text);
        Assert.Contains("ORD-", Assert.Single(orders.Replies).Text);
        Assert.Contains("已成团", orders.Replies[0].Text);
        await relay.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task EnglishGroupBuyTalkIsAnsweredInEnglish()
    {
        var group = NewGroup();
        await SayAsync(group, "alice", "recommend some earbuds");

        var started = await SayAsync(group, "alice", "start a group buy for the 2nd one");
        var joined = await SayAsync(group, "bob", "count me in", mentionsBot: false);

        Assert.Contains("[Group buy GB-", Assert.Single(started.Replies).Text);
        Assert.StartsWith("bob joined", Assert.Single(joined.Replies).Text);
    }

    [Fact]
    public async Task LeavingInTheChatReleasesTheSeat()
    {
        var group = NewGroup();
        await ListAsync(group);
        await SayAsync(group, "alice", "拼第1个，3人团");
        await SayAsync(group, "bob", "+1", mentionsBot: false);

        var left = await SayAsync(group, "bob", "我不拼了，退出拼团");

        Assert.Equal("leave_group_buy", left.Intent.Intent);
        var text = Assert.Single(left.Replies).Text;
        Assert.Contains("已退出", text);
        Assert.DoesNotContain("bob", text.Split('\n').Skip(1).Aggregate("", (a, b) => a + b));
    }

    private static async Task<Notification> NextNotificationAsync(global::Grpc.Core.AsyncDuplexStreamingCall<RelayRequest, RelayResponse> relay, string group)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await relay.ResponseStream.MoveNext(timeout.Token))
        {
            if (relay.ResponseStream.Current is { KindCase: RelayResponse.KindOneofCase.Notification } frame && frame.Notification.GroupId == group)
            {
                return frame.Notification;
            }
        }
        throw new InvalidOperationException("the relay ended");
    }
}
