using System.Text;
using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.ChatConnector.Tests.Catalog;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Irc;

/// <summary>The connector on a real ngircd, with people in the channel on raw TCP connections.</summary>
public sealed class IrcConnectorTests(BotServerHost botServer) : IClassFixture<BotServerHost>, IAsyncLifetime
{
    private const string Channel = "#deals";
    private static readonly TimeSpan ReplyWithin = TimeSpan.FromSeconds(5);

    // The tests that need no real answers talk to this recording BotServer; started on first use.
    private readonly TestBotServer _fake = new();
    private NgircdServer _irc = null!;
    private IrcTestClient _alice = null!;
    private IrcTestClient _bob = null!;

    public async Task InitializeAsync()
    {
        _irc = await NgircdServer.StartAsync();
        (_alice, _bob) = await PeopleInChannelAsync();
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _irc.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task AShoppingQuestionAddressedToTheBotIsAnsweredInTheChannelWithinFiveSeconds()
    {
        using var connector = await StartConnectorAsync(botServer.GrpcAddress, BotServerHost.AdminKey);

        await _alice.SayAsync(Channel, "shopbot: 推荐一款500元以内的耳机");

        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(), ReplyWithin);
        Assert.NotEmpty(_bob.MessagesFrom("shopbot", Channel).First().Text);
        await StopAsync(connector);
    }

    [Fact]
    public async Task ALongReplyIsSplitIntoLinesOfAtMost512BytesNeverInsideACharacter()
    {
        var longText = string.Concat(Enumerable.Repeat("这款降噪耳机音质很好，续航三十小时，佩戴舒适。Great noise cancelling headphones! ", 30));
        _fake.Answer = message => Reply(message, longText);
        // Paced faster than a real server wants, so the test does not wait a second per line.
        using var connector = await StartWithFakeBotAsync(new SendRate(20, TimeSpan.FromMilliseconds(50)));

        await _alice.SayAsync(Channel, "@shopbot 介绍一下这款耳机");

        var expected = Normalise($"alice: {longText}");
        await _bob.Received.WaitForAsync(_ => Normalise(string.Concat(_bob.MessagesFrom("shopbot", Channel).Select(m => m.Text))) == expected);
        var lines = _bob.MessagesFrom("shopbot", Channel).ToList();
        Assert.True(lines.Count > 1, $"{lines.Count} line(s)");
        Assert.All(lines, line => Assert.InRange(line.Bytes, 1, 512));
        Assert.All(lines, line => Assert.DoesNotContain('\uFFFD', line.Text));
        await StopAsync(connector);
    }

    [Fact]
    public async Task TheConnectorReconnectsAndRejoinsAfterTheIrcServerRestarts()
    {
        using var connector = await StartWithFakeBotAsync();
        var lost = connector.Services.GetRequiredService<IrcChatPlatform>().WaitUntilDisconnectedAsync(CancellationToken.None);

        await _irc.RestartAsync();
        await lost.WaitAsync(TimeSpan.FromSeconds(10));
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        (_alice, _bob) = await PeopleInChannelAsync();
        await connector.Services.GetRequiredService<IrcChatPlatform>().WaitUntilJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await _alice.SayAsync(Channel, "shopbot, 还在吗");

        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(m => m.Text == "alice: echo: 还在吗"), ReplyWithin);
        await StopAsync(connector);
    }

    [Fact]
    public async Task AServerThatGoesSilentIsPingedThenLeftAndTheBotRejoinsOnceItAnswersAgain()
    {
        using var connector = await StartWithFakeBotAsync(idleTimeout: TimeSpan.FromMilliseconds(300));
        var irc = connector.Services.GetRequiredService<IrcChatPlatform>();

        var lost = irc.WaitUntilDisconnectedAsync(CancellationToken.None);
        await _irc.FreezeAsync();
        await lost.WaitAsync(TimeSpan.FromSeconds(10));
        await _irc.ResumeAsync();

        await irc.WaitUntilJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await _alice.SayAsync(Channel, "shopbot: 在吗");
        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(m => m.Text == "alice: echo: 在吗"), ReplyWithin);
        await StopAsync(connector);
    }

    [Fact]
    public async Task TheBotJoinsEveryChannelAndAnswersInTheChannelTheQuestionCameFrom()
    {
        using var connector = await StartWithFakeBotAsync(channels: [Channel, "#gifts"]);
        await _alice.JoinAsync("#gifts");

        await _alice.SayAsync("#gifts", "shopbot: 送妈妈什么好");
        await _alice.SayAsync(Channel, "shopbot: 耳机");

        await _alice.Received.WaitForAsync(_ => _alice.MessagesFrom("shopbot", "#gifts").Any(m => m.Text == "alice: echo: 送妈妈什么好"), ReplyWithin);
        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(m => m.Text == "alice: echo: 耳机"), ReplyWithin);
        Assert.DoesNotContain(_bob.MessagesFrom("shopbot", Channel), m => m.Text.Contains("送妈妈", StringComparison.Ordinal));
        await StopAsync(connector);
    }

    [Fact]
    public async Task ANotificationForAChannelTheBotIsNotInIsAckedAsNotDelivered()
    {
        using var connector = await StartWithFakeBotAsync();

        var ack = await NotifyAsync(new Notification { DeliveryId = "n-2", Platform = "irc", GroupId = "#elsewhere", Reply = new BotReply { Text = "拼团提醒" } });

        Assert.False(ack.Delivered);
        Assert.Contains("#elsewhere", ack.Error);
        await StopAsync(connector);
    }

    [Fact]
    public async Task ATakenNickGetsAnUnderscoreAndMentionsOfTheNewNickAddressTheBot()
    {
        await using var squatter = await IrcTestClient.ConnectAsync(_irc.Port, "shopbot");
        using var connector = await StartWithFakeBotAsync();

        Assert.Equal("shopbot_", connector.Services.GetRequiredService<IrcChatPlatform>().CurrentNick);
        await _alice.SayAsync(Channel, "shopbot_: 有券吗");

        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot_", Channel).Any(m => m.Text == "alice: echo: 有券吗"), ReplyWithin);
        await StopAsync(connector);
    }

    [Fact]
    public async Task ChannelTalkReachesTheServerMarkedWithWhetherItAddressesTheBotAndJoinsAndPartsBecomeMemberEvents()
    {
        _fake.Answer = _ => null;
        using var connector = await StartWithFakeBotAsync();

        await _alice.SayAsync(Channel, "bob 你看这个耳机");
        await _alice.SayAsync(Channel, "hey @shopbot 多少钱");
        await using (var carol = await IrcTestClient.ConnectAsync(_irc.Port, "carol"))
        {
            await carol.JoinAsync(Channel);
            await carol.SendAsync($"PART {Channel}");
            await _fake.Received.WaitForAsync(_ => _fake.Requests(RelayRequest.KindOneofCase.MemberEvent).Count() == 2);
        }

        await _fake.Received.WaitForAsync(_ => _fake.Requests(RelayRequest.KindOneofCase.Message).Count() == 2);
        var messages = _fake.Requests(RelayRequest.KindOneofCase.Message).Select(r => r.Message).ToList();
        Assert.Equal(
            [("bob 你看这个耳机", false), ("hey 多少钱", true)],
            messages.Select(m => (m.Text, m.MentionsBot)));
        Assert.All(messages, m => Assert.Equal(("irc", Channel, "alice"), (m.Platform, m.GroupId, m.Sender.UserId)));
        var events = _fake.Requests(RelayRequest.KindOneofCase.MemberEvent).Select(r => r.MemberEvent).ToList();
        Assert.Equal(
            [("carol", MemberEventKind.MemberJoinedGroup), ("carol", MemberEventKind.MemberLeftGroup)],
            events.Select(e => (e.Member.UserId, e.Kind)));
        await StopAsync(connector);
    }

    [Fact]
    public async Task AGroupBuyNotificationIsPostedInItsChannelMentioningTheTeamAndAckedAsDelivered()
    {
        using var connector = await StartWithFakeBotAsync();

        var ack = await NotifyAsync(new Notification
        {
            DeliveryId = "n-1",
            Platform = "irc",
            GroupId = Channel,
            Kind = "group_buy.succeeded",
            Reply = new BotReply { Text = "拼团成功！3/3 人，每人 ¥199", MentionUserIds = { "alice", "bob" } },
        });

        Assert.True(ack.Delivered);
        await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(m => m.Text == "alice, bob: 拼团成功！3/3 人，每人 ¥199"), ReplyWithin);
        await StopAsync(connector);
    }

    private async Task<(IrcTestClient Alice, IrcTestClient Bob)> PeopleInChannelAsync()
    {
        var alice = await IrcTestClient.ConnectAsync(_irc.Port, "alice");
        var bob = await IrcTestClient.ConnectAsync(_irc.Port, "bob");
        await alice.JoinAsync(Channel);
        await bob.JoinAsync(Channel);
        return (alice, bob);
    }

    /// <summary>Pushes a notification once the connector's stream is open; returns the connector's ack for it.</summary>
    private async Task<DeliveryAck> NotifyAsync(Notification notification)
    {
        await _fake.Received.WaitForAsync(_ => _fake.Requests(RelayRequest.KindOneofCase.Hello).Any());
        _fake.Push(new RelayResponse { Notification = notification });
        await _fake.Received.WaitForAsync(_ => _fake.Requests(RelayRequest.KindOneofCase.Ack).Any(r => r.Ack.DeliveryId == notification.DeliveryId));
        return _fake.Requests(RelayRequest.KindOneofCase.Ack).Single(r => r.Ack.DeliveryId == notification.DeliveryId).Ack;
    }

    private async Task<IHost> StartWithFakeBotAsync(SendRate? sendRate = null, TimeSpan? idleTimeout = null, string[]? channels = null)
    {
        await _fake.StartAsync();
        return await StartConnectorAsync(_fake.Url, TestBotServer.ApiKey, sendRate, idleTimeout, channels);
    }

    private async Task<IHost> StartConnectorAsync(
        Uri botUrl, string apiKey, SendRate? sendRate = null, TimeSpan? idleTimeout = null, string[]? channels = null)
    {
        var settings = new ConnectorSettings("irc", botUrl, apiKey, "irc-test", "deals", "shopbot", "me", false, LogLevel.Warning)
        {
            Irc = new IrcSettings("127.0.0.1", _irc.Port, channels ?? [Channel]),
        };
        var host = ConnectorHost.Build(settings, services => services.PostConfigure<IrcPlatformOptions>(options =>
        {
            options.SendRate = sendRate ?? options.SendRate;
            options.IdleTimeout = idleTimeout ?? options.IdleTimeout;
        }));
        await host.StartAsync();
        await host.Services.GetRequiredService<IrcChatPlatform>().WaitUntilJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return host;
    }

    private static async Task StopAsync(IHost connector) => await connector.StopAsync(TimeSpan.FromSeconds(5));

    private static RelayResponse Reply(ChatMessage message, string text)
    {
        var response = TestBotServer.Echo(message);
        response.Reply.Replies[0].Text = text;
        return response;
    }

    private static string Normalise(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
