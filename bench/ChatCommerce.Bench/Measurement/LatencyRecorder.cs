using System.Diagnostics;

namespace ChatCommerce.Bench.Measurement;

/// <summary>Per-call latencies in Stopwatch ticks, and the total per query for finding the slow ones.</summary>
public sealed class LatencyRecorder(int queryCount)
{
    private readonly List<long> _ticks = new(4096);
    private readonly long[] _perQueryTicks = new long[queryCount];
    private readonly int[] _perQueryCalls = new int[queryCount];

    public int Count => _ticks.Count;

    public void Add(int query, long ticks)
    {
        _ticks.Add(ticks);
        _perQueryTicks[query] += ticks;
        _perQueryCalls[query]++;
    }

    public LatencySummary Summarize()
    {
        var sorted = _ticks.ToArray();
        Array.Sort(sorted);
        var total = sorted.Sum(t => (double)t);
        return new LatencySummary(
            sorted.Length,
            Milliseconds(Percentile(sorted, 0.50)),
            Milliseconds(Percentile(sorted, 0.99)),
            Milliseconds(total / sorted.Length),
            sorted.Length / (total / Stopwatch.Frequency));
    }

    /// <summary>Mean milliseconds per query index, slowest first.</summary>
    public IEnumerable<(int Query, double Milliseconds)> Slowest() =>
        Enumerable.Range(0, _perQueryTicks.Length)
            .Where(i => _perQueryCalls[i] > 0)
            .Select(i => (i, Milliseconds((double)_perQueryTicks[i] / _perQueryCalls[i])))
            .OrderByDescending(q => q.Item2);

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(long[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Milliseconds(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <param name="Count">How many searches were timed.</param>
/// <param name="QueriesPerSecond">Single-threaded throughput: timed searches over the time spent inside them.</param>
public sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MeanMs, double QueriesPerSecond);
