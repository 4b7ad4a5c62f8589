using ChatCommerce.ChatConnector.Relay;

namespace ChatCommerce.ChatConnector.Tests.Relay;

public sealed class RecentMessageIdsTests
{
    [Fact]
    public void SameMessageSeenTwiceIsADuplicate()
    {
        var recent = new RecentMessageIds(capacity: 10);

        Assert.True(recent.TryAdd(new MessageKey("telegram", "chat-1", "42")));
        Assert.False(recent.TryAdd(new MessageKey("telegram", "chat-1", "42")));
    }

    [Fact]
    public void SameIdInAnotherGroupIsAnotherMessage()
    {
        var recent = new RecentMessageIds(capacity: 10);

        Assert.True(recent.TryAdd(new MessageKey("telegram", "chat-1", "42")));
        Assert.True(recent.TryAdd(new MessageKey("telegram", "chat-2", "42")));
    }

    [Fact]
    public void OldestIdsAreForgottenBeyondTheCapacity()
    {
        var recent = new RecentMessageIds(capacity: 2);
        recent.TryAdd(new MessageKey("console", "g", "1"));
        recent.TryAdd(new MessageKey("console", "g", "2"));
        recent.TryAdd(new MessageKey("console", "g", "3"));

        Assert.False(recent.TryAdd(new MessageKey("console", "g", "3")));
        Assert.True(recent.TryAdd(new MessageKey("console", "g", "1")));
    }
}
