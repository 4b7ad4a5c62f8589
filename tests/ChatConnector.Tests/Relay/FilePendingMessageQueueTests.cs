using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.ChatConnector.Tests.TestSupport;

namespace ChatCommerce.ChatConnector.Tests.Relay;

public sealed class FilePendingMessageQueueTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-queue-tests", Guid.NewGuid().ToString("n"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task MessagesNotAnsweredBeforeTheConnectorStoppedComeBackInOrderWhenItStartsAgain()
    {
        using (var queue = FilePendingMessageQueue.Open(_directory, capacity: 10))
        {
            await queue.EnqueueAsync(Messages.Chat("m1", groupId: "g1"), CancellationToken.None);
            await queue.EnqueueAsync(Messages.Chat("m2", groupId: "g2"), CancellationToken.None);
            await queue.EnqueueAsync(Messages.Chat("m3", groupId: "g1"), CancellationToken.None);
        }

        using var reopened = FilePendingMessageQueue.Open(_directory, capacity: 10);

        Assert.Equal(["m1", "m2", "m3"], await PendingIdsAsync(reopened));
    }

    [Fact]
    public async Task AnsweredMessagesDoNotComeBack()
    {
        using (var queue = FilePendingMessageQueue.Open(_directory, capacity: 10))
        {
            foreach (var id in new[] { "m1", "m2", "m3" })
            {
                await queue.EnqueueAsync(Messages.Chat(id), CancellationToken.None);
            }

            Assert.True(queue.TryComplete(new MessageKey("console", "g1", "m2")));
        }

        using var reopened = FilePendingMessageQueue.Open(_directory, capacity: 10);

        Assert.Equal(["m1", "m3"], await PendingIdsAsync(reopened));
    }

    [Fact]
    public async Task MessagesAddedAfterARestartFollowTheRestoredOnes()
    {
        using (var queue = FilePendingMessageQueue.Open(_directory, capacity: 10))
        {
            await queue.EnqueueAsync(Messages.Chat("m1"), CancellationToken.None);
        }

        using var reopened = FilePendingMessageQueue.Open(_directory, capacity: 10);
        await reopened.EnqueueAsync(Messages.Chat("m2"), CancellationToken.None);

        Assert.Equal(["m1", "m2"], await PendingIdsAsync(reopened));
    }

    [Fact]
    public async Task AFullQueueMakesTheNextMessageWaitUntilOneIsAnswered()
    {
        using var queue = FilePendingMessageQueue.Open(_directory, capacity: 2);
        await queue.EnqueueAsync(Messages.Chat("m1"), CancellationToken.None);
        await queue.EnqueueAsync(Messages.Chat("m2"), CancellationToken.None);

        var third = queue.EnqueueAsync(Messages.Chat("m3"), CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        queue.TryComplete(new MessageKey("console", "g1", "m1"));
        await third.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task TheJournalIsCompactedOnceEnoughAnswersPiledUpAndStillRestoresWhatIsPending()
    {
        using (var queue = FilePendingMessageQueue.Open(_directory, capacity: 100, compactAfter: 5))
        {
            await queue.EnqueueAsync(Messages.Chat("keep"), CancellationToken.None);
            for (var i = 0; i < 5; i++)
            {
                await queue.EnqueueAsync(Messages.Chat($"m{i}"), CancellationToken.None);
                queue.TryComplete(new MessageKey("console", "g1", $"m{i}"));
            }

            var compacted = new FileInfo(queue.JournalPath).Length;
            Assert.Equal(compacted, new FileInfo(queue.JournalPath).Length);
            Assert.True(compacted < 300, $"the journal still holds {compacted} bytes");
        }

        using var reopened = FilePendingMessageQueue.Open(_directory, capacity: 100);
        Assert.Equal(["keep"], await PendingIdsAsync(reopened));
    }

    [Fact]
    public async Task ARecordCutShortByACrashIsDroppedAndTheWholeOnesSurvive()
    {
        string path;
        using (var queue = FilePendingMessageQueue.Open(_directory, capacity: 10))
        {
            await queue.EnqueueAsync(Messages.Chat("m1"), CancellationToken.None);
            await queue.EnqueueAsync(Messages.Chat("m2"), CancellationToken.None);
            path = queue.JournalPath;
        }

        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 5);
        }

        using var reopened = FilePendingMessageQueue.Open(_directory, capacity: 10);
        await reopened.EnqueueAsync(Messages.Chat("m3"), CancellationToken.None);
        Assert.Equal(["m1", "m3"], await PendingIdsAsync(reopened));
    }

    [Fact]
    public void ASecondConnectorCannotOpenAQueueThatIsInUse()
    {
        using var queue = FilePendingMessageQueue.Open(_directory, capacity: 10);

        Assert.ThrowsAny<IOException>(() => FilePendingMessageQueue.Open(_directory, capacity: 10));
    }

    private static async Task<string[]> PendingIdsAsync(IPendingMessageQueue queue) =>
        [.. (await queue.WaitForMessagesAfterAsync(0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Select(p => p.Message.MessageId)];
}
