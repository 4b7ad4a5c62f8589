using ChatCommerce.ChatConnector.Platforms;
using static ChatCommerce.ChatConnector.Tests.TestSupport.Messages;

namespace ChatCommerce.ChatConnector.Tests.Platforms;

public sealed class PlatformInboxTests
{
    [Fact]
    public async Task AMessageAddedToBeConfirmedIsConfirmedOnlyWhenTheWorkerSaysItIsQueued()
    {
        var inbox = new PlatformInbox();
        var message = Chat("m1");

        var confirmed = inbox.AddAndWaitUntilQueuedAsync(message, CancellationToken.None);
        await using var reader = inbox.ReadMessagesAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.False(confirmed.IsCompleted);

        inbox.Queued(reader.Current);

        await confirmed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AMessageNotQueuedWhenThePlatformStopsFailsAsStopped()
    {
        var inbox = new PlatformInbox();

        var confirmed = inbox.AddAndWaitUntilQueuedAsync(Chat("m1"), CancellationToken.None);
        inbox.Complete();

        await Assert.ThrowsAsync<PlatformStoppedException>(() => confirmed);
        await Assert.ThrowsAsync<PlatformStoppedException>(() => inbox.AddAndWaitUntilQueuedAsync(Chat("m2"), CancellationToken.None));
    }
}
