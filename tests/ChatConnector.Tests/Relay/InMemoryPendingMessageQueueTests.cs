using ChatCommerce.ChatConnector.Relay;
using static ChatCommerce.ChatConnector.Tests.TestSupport.Messages;

namespace ChatCommerce.ChatConnector.Tests.Relay;

public sealed class InMemoryPendingMessageQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly InMemoryPendingMessageQueue _queue = new(capacity: 3);

    [Fact]
    public async Task MessagesAfterASequenceComeOutInArrivalOrder()
    {
        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);
        await _queue.EnqueueAsync(Chat("m2"), CancellationToken.None);
        await _queue.EnqueueAsync(Chat("m3"), CancellationToken.None);

        var all = await _queue.WaitForMessagesAfterAsync(0, CancellationToken.None);
        var later = await _queue.WaitForMessagesAfterAsync(all[0].Sequence, CancellationToken.None);

        Assert.Equal(["m1", "m2", "m3"], all.Select(p => p.Message.MessageId));
        Assert.Equal(["m2", "m3"], later.Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task WaitingForNewMessagesEndsWhenOneArrives()
    {
        var waiting = _queue.WaitForMessagesAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);

        Assert.Equal("m1", Assert.Single(await waiting.WaitAsync(Timeout)).Message.MessageId);
    }

    [Fact]
    public async Task AnsweredMessageIsNoLongerPending()
    {
        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);
        await _queue.EnqueueAsync(Chat("m2"), CancellationToken.None);

        Assert.True(_queue.TryComplete(new MessageKey("console", "g1", "m1")));
        Assert.False(_queue.TryComplete(new MessageKey("console", "g1", "m1")));

        Assert.Equal(["m2"], (await _queue.WaitForMessagesAfterAsync(0, CancellationToken.None)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task AnswerForTheSameIdInAnotherGroupLeavesTheMessagePending()
    {
        await _queue.EnqueueAsync(Chat("m1", groupId: "g1"), CancellationToken.None);

        Assert.False(_queue.TryComplete(new MessageKey("console", "g2", "m1")));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task AnswerWithoutPlatformOrGroupStillFindsTheMessage()
    {
        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);

        Assert.True(_queue.TryComplete(new MessageKey("", "", "m1")));
    }

    [Fact]
    public async Task FullQueueMakesTheNextMessageWaitForRoom()
    {
        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);
        await _queue.EnqueueAsync(Chat("m2"), CancellationToken.None);
        await _queue.EnqueueAsync(Chat("m3"), CancellationToken.None);

        var fourth = _queue.EnqueueAsync(Chat("m4"), CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);

        _queue.TryComplete(new MessageKey("console", "g1", "m1"));
        await fourth.WaitAsync(Timeout);

        Assert.Equal(["m2", "m3", "m4"], (await _queue.WaitForMessagesAfterAsync(0, CancellationToken.None)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task WaitingUntilEmptyEndsWithTheLastAnswer()
    {
        await _queue.EnqueueAsync(Chat("m1"), CancellationToken.None);
        var empty = _queue.WaitUntilEmptyAsync(CancellationToken.None);
        Assert.False(empty.IsCompleted);

        _queue.TryComplete(new MessageKey("console", "g1", "m1"));

        await empty.WaitAsync(Timeout);
    }
}
