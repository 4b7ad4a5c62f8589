using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Tests.Conversation;

public sealed class GroupContextTests
{
    [Fact]
    public void HistoryKeepsOnlyTheLastTwentyTurnsWithTextCut()
    {
        var group = new GroupContext();

        for (var i = 0; i < 1000; i++)
        {
            group.Remember(new TurnRecord($"u{i % 3}", $"{i} " + new string('x', 500), "none", i % 2 == 0 ? "zh" : "en", DateTimeOffset.UnixEpoch));
        }

        Assert.Equal(GroupContext.MaxTurns, group.History.Count);
        Assert.StartsWith("980 ", group.History[0].Text);
        Assert.All(group.History, t => Assert.True(t.Text.Length <= GroupContext.MaxRememberedText));
    }

    [Fact]
    public void EachUsersLanguageIsTheLanguageOfTheirLastTurn()
    {
        var group = new GroupContext();

        group.Remember(new TurnRecord("alice", "你好", "greet", "zh", DateTimeOffset.UnixEpoch));
        group.Remember(new TurnRecord("bob", "hi", "greet", "en", DateTimeOffset.UnixEpoch));

        Assert.Equal("zh", group.LanguageOf("alice"));
        Assert.Equal("en", group.LanguageOf("bob"));
        Assert.Null(group.LanguageOf("carol"));
    }
}
