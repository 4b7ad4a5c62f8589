using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>A bounded <see cref="IPendingMessageQueue"/> in memory: pending messages are lost when the process ends.</summary>
public sealed class InMemoryPendingMessageQueue : IPendingMessageQueue
{
    private readonly Lock _lock = new();
    private readonly List<PendingMessage> _messages = [];
    private long _lastSequence;
    private TaskCompletionSource _changed = NewSignal();

    public InMemoryPendingMessageQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
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

    public async ValueTask EnqueueAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.Count < Capacity)
                {
                    _messages.Add(new PendingMessage(++_lastSequence, message));
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

    public bool TryComplete(MessageKey key)
    {
        lock (_lock)
        {
            var index = _messages.FindIndex(pending => key.Matches(pending.Message));
            if (index < 0)
            {
                return false;
            }

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

    // Waiters re-check the state after any change; one shared signal keeps that simple.
    private void SignalChanged()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
