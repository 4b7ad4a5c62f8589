using ChatCommerce.ChatConnector.Platforms.Console;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Console;

public sealed class ConsoleChatPlatformTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 20, 0, 0, TimeSpan.Zero);
    private readonly StringWriter _output = new();

    [Fact]
    public async Task InputLinesBecomeChatMessagesUntilQuit()
    {
        var platform = CreatePlatform("alice: 有什么耳机推荐\n\n/as bob\n@alice 我也要\n/quit\nnever read\n");

        var messages = await ReadAllAsync(platform);

        Assert.Equal(2, messages.Count);
        var first = messages[0];
        Assert.Equal("console", first.Platform);
        Assert.Equal("console", first.GroupId);
        Assert.Equal("alice", first.Sender.UserId);
        Assert.Equal("alice", first.Sender.DisplayName);
        Assert.Equal("有什么耳机推荐", first.Text);
        Assert.True(first.MentionsBot);
        Assert.StartsWith("console-", first.MessageId);
        Assert.Equal(Now, first.SentAt.ToDateTimeOffset());
        var second = messages[1];
        Assert.Equal("bob", second.Sender.UserId);
        Assert.Equal(["alice"], second.MentionedUserIds);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Contains("* You are now bob.", _output.ToString());
    }

    [Fact]
    public async Task EndOfInputEndsTheMessages()
    {
        var platform = CreatePlatform("hello");

        var message = Assert.Single(await ReadAllAsync(platform));

        Assert.Equal("me", message.Sender.UserId);
    }

    [Fact]
    public async Task CommandsPrintTheirAnswersInsteadOfSendingMessages()
    {
        var platform = CreatePlatform("/help\n/as\n/group family\nhi\n");

        var message = Assert.Single(await ReadAllAsync(platform));

        Assert.Equal("family", message.GroupId);
        var output = _output.ToString();
        Assert.Contains("/as bob", output);
        Assert.Contains("! Usage: /as NAME", output);
        Assert.Contains("* You are now in group family.", output);
    }

    [Fact]
    public async Task ReplyPrintsWithTheBotsNickAndMentions()
    {
        var platform = CreatePlatform("");

        await platform.SendAsync("console", new BotReply { Text = "推荐 Sony WH-1000XM5", MentionUserIds = { "alice" } }, "console/m1/1", CancellationToken.None);

        Assert.Equal("shopbot> @alice 推荐 Sony WH-1000XM5" + Environment.NewLine, _output.ToString());
    }

    [Fact]
    public void MultiLineReplyKeepsItsLinesIndentedUnderTheText()
    {
        var reply = new BotReply { Text = "找到 2 款：\r\n1. Sony WH-1000XM5 ¥2299\n2. AirPods Pro ¥1799", MentionUserIds = { "alice" } };

        var lines = ConsoleChatPlatform.FormatReply("shopbot", "console", "console", reply);

        Assert.Equal(
            [
                "shopbot> @alice 找到 2 款：",
                "         1. Sony WH-1000XM5 ¥2299",
                "         2. AirPods Pro ¥1799",
            ],
            lines);
    }

    [Fact]
    public void MentionAlreadyInTheTextIsNotRepeated()
    {
        var reply = new BotReply { Text = "@alice 已加入拼团", MentionUserIds = { "alice" } };

        Assert.Equal(["shopbot> @alice 已加入拼团"], ConsoleChatPlatform.FormatReply("shopbot", "console", "console", reply));
    }

    [Fact]
    public void ReplyForAnotherGroupNamesThatGroup()
    {
        var reply = new BotReply { Text = "拼团成功" };

        Assert.Equal(["[family] shopbot> 拼团成功"], ConsoleChatPlatform.FormatReply("shopbot", "family", "console", reply));
    }

    private ConsoleChatPlatform CreatePlatform(string input) => new(
        new StringReader(input),
        _output,
        Options.Create(new ConsolePlatformOptions()),
        new FakeTimeProvider(Now));

    private static async Task<List<ChatMessage>> ReadAllAsync(ConsoleChatPlatform platform)
    {
        var messages = new List<ChatMessage>();
        await foreach (var message in platform.ReadMessagesAsync(CancellationToken.None))
        {
            messages.Add(message);
        }

        return messages;
    }
}
