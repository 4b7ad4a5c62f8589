namespace ChatCommerce.ChatConnector.Tests.TestSupport;

/// <summary>A thread-safe list that tests can await conditions on, without sleeping.</summary>
internal sealed class AsyncLog<T>
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = NewSignal();

    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
            var changed = _changed;
            _changed = NewSignal();
            changed.TrySetResult();
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the items; throws <see cref="TimeoutException"/> if it never does.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            IReadOnlyList<T> items;
            Task changed;
            lock (_lock)
            {
                items = [.. _items];
                changed = _changed.Task;
            }

            if (condition(items))
            {
                return items;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The condition did not hold within {timeout ?? DefaultTimeout}; {items.Count} items: {string.Join(" | ", items)}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
