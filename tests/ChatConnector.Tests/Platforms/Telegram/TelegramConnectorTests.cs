using ChatCommerce.ChatConnector.Platforms.Telegram;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Telegram;

/// <summary>The connector's Telegram.Bot client pointed at a local fake of the Bot API.</summary>
public sealed class TelegramConnectorTests : IAsyncLifetime
{
    private const long Chat = -100500;
    private const long Alice = 1001;

    private readonly TestBotServer _bot = new();
    private FakeBotApi _api = null!;
    private IHost _connector = null!;

    public async Task InitializeAsync()
    {
        await _bot.StartAsync();
        _api = await FakeBotApi.StartAsync();
        var settings = new ConnectorSettings("telegram", _bot.Url, TestBotServer.ApiKey, "telegram-test", "g", "shopbot", "me", false, LogLevel.Warning)
        {
            Telegram = new TelegramSettings(FakeBotApi.Token, _api.Url),
        };
        _connector = ConnectorHost.Build(settings);
        await _connector.StartAsync();
        await _connector.Services.GetRequiredService<TelegramChatPlatform>().Me.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _connector.StopAsync(TimeSpan.FromSeconds(5));
        _connector.Dispose();
        await _api.DisposeAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task AnAtMentionInAGroupIsAnsweredInThatChatQuotingTheQuestionAndMentioningTheAsker()
    {
        var asked = _api.Say(Chat, Alice, "alice", "@shopbot 推荐一款耳机", FakeBotApi.Entity("mention", 0, 8));

        var sent = (await _api.Sent.WaitForAsync(sent => sent.Count == 1))[0];
        Assert.Equal(Chat, (long?)sent["chat_id"]);
        Assert.Equal("@alice echo: 推荐一款耳机", (string?)sent["text"]);
        Assert.Equal(asked, (int?)sent["reply_parameters"]?["message_id"]);
    }

    [Fact]
    public async Task CommandsForThisBotAndRepliesToItAddressItWhileOtherTalkDoesNot()
    {
        _bot.Answer = _ => null;

        _api.Say(Chat, Alice, "alice", "/deals@shopbot 耳机", FakeBotApi.Entity("bot_command", 0, 14));
        _api.Say(Chat, Alice, "alice", "多少钱", replyToFromId: FakeBotApi.BotId);
        _api.Say(Chat, Alice, "alice", "今天天气不错");

        await _bot.Received.WaitForAsync(_ => _bot.Requests(RelayRequest.KindOneofCase.Message).Count() == 3);
        Assert.Equal(
            [("/deals 耳机", true), ("多少钱", true), ("今天天气不错", false)],
            _bot.Requests(RelayRequest.KindOneofCase.Message).Select(r => (r.Message.Text, r.Message.MentionsBot)));
        Assert.All(_bot.Requests(RelayRequest.KindOneofCase.Message), r => Assert.Equal(("telegram", Chat.ToString(), Alice.ToString()), (r.Message.Platform, r.Message.GroupId, r.Message.Sender.UserId)));
    }

    [Fact]
    public async Task UpdatesAreAcknowledgedByTheNextOffsetSoNoneIsHandledTwice()
    {
        _bot.Answer = _ => null;
        _api.Say(Chat, Alice, "alice", "one");
        _api.Say(Chat, Alice, "alice", "two");

        await _api.Offsets.WaitForAsync(offsets => offsets.Contains(3));
        _api.Say(Chat, Alice, "alice", "three");
        await _api.Offsets.WaitForAsync(offsets => offsets.Contains(4));
        await _bot.Received.WaitForAsync(_ => _bot.Requests(RelayRequest.KindOneofCase.Message).Count() >= 3);

        Assert.Equal(["one", "two", "three"], _bot.Requests(RelayRequest.KindOneofCase.Message).Select(r => r.Message.Text));
    }

    [Fact]
    public async Task ALongReplyIsSentAsSeveralMessagesOfAtMost4096Characters()
    {
        var longText = string.Concat(Enumerable.Repeat("这款耳机续航三十小时。", 1000));
        _bot.Answer = message =>
        {
            var response = TestBotServer.Echo(message);
            response.Reply.Replies[0].Text = longText;
            response.Reply.Replies[0].MentionUserIds.Clear();
            return response;
        };

        _api.Say(Chat, Alice, "alice", "@shopbot 介绍一下", FakeBotApi.Entity("mention", 0, 8));

        var sent = await _api.Sent.WaitForAsync(sent => string.Concat(sent.Select(s => (string?)s["text"])) == longText);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.InRange(((string?)s["text"])!.Length, 1, 4096));
    }
}
