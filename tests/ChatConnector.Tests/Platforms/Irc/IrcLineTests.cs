using System.Text;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Irc;

public sealed class IrcLineTests
{
    [Fact]
    public void AChannelMessageParsesIntoSourceTargetAndText()
    {
        var line = IrcLine.Parse(":alice!~alice@127.0.0.1 PRIVMSG #deals :shopbot: 推荐一款耳机\r\n");

        Assert.Equal(("alice", "PRIVMSG", "#deals", "shopbot: 推荐一款耳机"), (line.SourceNick, line.Command, line.Parameter(0), line.Parameter(1)));
    }

    [Fact]
    public void ServerLinesHaveNoSourceNickAndNumericsKeepTheirDigits()
    {
        var line = IrcLine.Parse(":irc.test 433 * shopbot :Nickname already in use");

        Assert.Null(line.SourceNick);
        Assert.Equal(("433", "shopbot"), (line.Command, line.Parameter(1)));
    }

    [Fact]
    public void MessageTagsAreReadSoTheServersMessageIdCanBeUsed()
    {
        var line = IrcLine.Parse("@msgid=abc123;time=2025-11-11T12:00:00Z :bob!b@h PRIVMSG #deals :+1");

        Assert.Equal(("abc123", "+1"), (line.Tags["msgid"], line.Parameter(1)));
    }

    [Fact]
    public void FormattingPutsTextAfterAColonAndCannotInjectASecondCommand() =>
        Assert.Equal("PRIVMSG #deals :hi  QUIT :bye", IrcLine.Format("PRIVMSG", "#deals", "hi\r\nQUIT :bye"));

    [Fact]
    public void ReplyMentionsAreWrittenTheIrcWayBeforeTheText()
    {
        var reply = new BotReply { Text = "拼团成功！", MentionUserIds = { "alice", "bob" } };

        Assert.Equal(["alice, bob: 拼团成功！"], IrcReplyFormatter.Lines("shopbot", "#deals", reply));
    }

    [Fact]
    public void EachReplyLineLeavesRoomForTheServersPrefixWithinFiveHundredTwelveBytes()
    {
        var reply = new BotReply { Text = new string('耳', 1000) };

        var lines = IrcReplyFormatter.Lines("shopbot", "#deals", reply);

        var longestPrefix = $":shopbot!~shopbot@{new string('h', 63)} PRIVMSG #deals :";
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount($"{longestPrefix}{line}\r\n") <= 512));
        Assert.Equal(reply.Text, string.Concat(lines));
    }
}
