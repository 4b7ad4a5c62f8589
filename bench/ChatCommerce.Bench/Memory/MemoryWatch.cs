namespace ChatCommerce.Bench.Memory;

/// <summary>
/// Reads a process's RSS every <c>interval</c> in the background and keeps the lowest and highest
/// since the last <see cref="TakeWindow"/>. With server GC a single reading lands anywhere between
/// just after a collection and just before the next, so a window's highest reading is the steadier
/// figure to compare over a long run.
/// </summary>
internal sealed class MemoryWatch : IAsyncDisposable
{
    private readonly int _processId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private readonly Lock _gate = new();
    private long _low = long.MaxValue;
    private long _high;

    public MemoryWatch(int processId, TimeSpan interval)
    {
        _processId = processId;
        _watching = WatchAsync(interval, _stop.Token);
    }

    /// <summary>Lowest and highest RSS since the last call (including one reading now), then starts a new window.</summary>
    public (long Low, long High) TakeWindow()
    {
        Read();
        lock (_gate)
        {
            var window = (_low, _high);
            _low = long.MaxValue;
            _high = 0;
            return window;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            Read();
        }
    }

    private void Read()
    {
        long rss;
        try
        {
            rss = ProcessMemory.Of(_processId).RssBytes;
        }
        catch (IOException)
        {
            return; // the process has ended
        }
        lock (_gate)
        {
            _low = Math.Min(_low, rss);
            _high = Math.Max(_high, rss);
        }
    }
}
