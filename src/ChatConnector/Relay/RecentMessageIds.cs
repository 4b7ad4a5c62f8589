namespace ChatCommerce.ChatConnector.Relay;

/// <summary>The most recent message keys seen, to drop duplicates; the oldest are forgotten first.</summary>
public sealed class RecentMessageIds(int capacity)
{
    private readonly Lock _lock = new();
    private readonly HashSet<MessageKey> _seen = [];
    private readonly Queue<MessageKey> _order = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Remembers <paramref name="key"/>; false when it was already among the recent ones.</summary>
    public bool TryAdd(MessageKey key)
    {
        lock (_lock)
        {
            if (!_seen.Add(key))
            {
                return false;
            }

            _order.Enqueue(key);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
