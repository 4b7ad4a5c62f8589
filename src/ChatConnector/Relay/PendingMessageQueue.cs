using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// A bounded <see cref="IPendingMessageQueue"/> held in memory. Subclasses that keep the messages
/// elsewhere as well hear of every change through <see cref="OnAdded"/> and <see cref="OnCompleted"/>.
/// </summary>
public abstract class PendingMessageQueue : IPendingMessageQueue
{
    private readonly Lock _lock = new();
    private readonly List<PendingMessage> _messages = [];
    private long _lastSequence;
    private TaskCompletionSource _changed = NewSignal();

    /// <param name="capacity">The most messages pending at once; adding more waits.</param>
    /// <param name="restored">Messages still pending from an earlier run, in order.</param>
    protected PendingMessageQueue(int capacity, IEnumerable<PendingMessage> restored)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _messages.AddRange(restored.OrderBy(pending => pending.Sequence));
        _lastSequence = _messages.Count > 0 ? _messages[^1].Sequence : 0;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    public IReadOnlyList<PendingMessage> Snapshot()
    {
        lock (_lock)
        {
            return [.. _messages];
        }
    }

    public async ValueTask EnqueueAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.Count < Capacity)
                {
                    var pending = new PendingMessage(_lastSequence + 1, message);
                    // Recorded before anyone can send it, so an answer never comes for a message not recorded.
                    OnAdded(pending);
                    _lastSequence = pending.Sequence;
                    _messages.Add(pending);
                    SignalChanged();
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PendingMessage>> WaitForMessagesAfterAsync(long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var after = _messages.Where(pending => pending.Sequence > sequence).ToArray();
                if (after.Length > 0)
                {
                    return after;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public bool Contains(MessageKey key)
    {
        lock (_lock)
        {
            return _messages.Exists(pending => key.Matches(pending.Message));
        }
    }

    public bool TryComplete(MessageKey key)
    {
        lock (_lock)
        {
            var index = _messages.FindIndex(pending => key.Matches(pending.Message));
            if (index < 0)
            {
                return false;
            }

            OnCompleted(_messages[index]);
            _messages.RemoveAt(index);
            SignalChanged();
            return true;
        }
    }

    public async Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.Count == 0)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Called under the queue's lock when a message is added, before it can be sent; a throw refuses it.</summary>
    protected virtual void OnAdded(PendingMessage pending)
    {
    }

    /// <summary>Called under the queue's lock when the server's answer removes a message.</summary>
    protected virtual void OnCompleted(PendingMessage pending)
    {
    }

    /// <summary>The pending messages, in order; for subclasses compacting their copy.</summary>
    protected IReadOnlyList<PendingMessage> PendingUnderLock() => _messages;

    // Waiters re-check the state after any change; one shared signal keeps that simple.
    private void SignalChanged()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
