using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Platforms;

/// <summary>
/// What a network platform has received and the worker has not taken yet: messages and member
/// events, each in arrival order. The platform's reading loop adds; <see cref="IChatPlatform"/>'s
/// readers take; <see cref="Complete"/> ends both sequences when the platform stops.
/// </summary>
public sealed class PlatformInbox
{
    // Unbounded: a platform's reading loop must never stall (IRC servers drop clients that stop answering PING);
    // the relay's pending queue is what bounds the work in flight.
    private readonly Channel<ChatMessage> _messages = Channel.CreateUnbounded<ChatMessage>();
    private readonly Channel<MemberEvent> _memberEvents = Channel.CreateUnbounded<MemberEvent>();
    // By reference: the worker hands back the very message it took.
    private readonly ConcurrentDictionary<ChatMessage, TaskCompletionSource> _awaitingQueue = new(ReferenceEqualityComparer.Instance);

    public void Add(ChatMessage message) => _messages.Writer.TryWrite(message);

    public void Add(MemberEvent memberEvent) => _memberEvents.Writer.TryWrite(memberEvent);

    /// <summary>
    /// Adds a message and completes once the connector holds it (<see cref="Queued"/>), so the
    /// platform can confirm receipt only then.
    /// </summary>
    /// <exception cref="PlatformStoppedException">The platform stopped before the message was queued.</exception>
    public async Task AddAndWaitUntilQueuedAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingQueue[message] = queued;
        if (!_messages.Writer.TryWrite(message))
        {
            _awaitingQueue.TryRemove(message, out _);
            throw new PlatformStoppedException();
        }

        await queued.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The connector holds <paramref name="message"/>: whoever waits in <see cref="AddAndWaitUntilQueuedAsync"/> goes on.</summary>
    public void Queued(ChatMessage message)
    {
        if (_awaitingQueue.TryRemove(message, out var queued))
        {
            queued.TrySetResult();
        }
    }

    public IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken) => _messages.Reader.ReadAllAsync(cancellationToken);

    public IAsyncEnumerable<MemberEvent> ReadMemberEventsAsync(CancellationToken cancellationToken) => _memberEvents.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Ends both sequences; messages still waiting to be queued fail with <see cref="PlatformStoppedException"/>.</summary>
    public void Complete()
    {
        _messages.Writer.TryComplete();
        _memberEvents.Writer.TryComplete();
        foreach (var message in _awaitingQueue.Keys)
        {
            if (_awaitingQueue.TryRemove(message, out var queued))
            {
                queued.TrySetException(new PlatformStoppedException());
            }
        }
    }
}
