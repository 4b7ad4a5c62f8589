using System.Diagnostics;

namespace ChatCommerce.Bench.Reporting;

/// <summary>
/// How much CPU the rest of the machine used while a suite ran: all busy CPU time (/proc/stat)
/// minus this process's own and that of the child processes it started and waited for (the relay
/// suite's BotServer). Another build or test run on a 2-core machine skews latencies and
/// build times; this makes that visible next to the figures instead of silently in them.
/// </summary>
public sealed class OtherWork
{
    // /proc/stat counts in USER_HZ, which Linux fixes at 100 for user space.
    private const double TicksPerSecond = 100;

    private readonly long? _busyTicks;
    private readonly TimeSpan _ownCpu;
    private readonly long _started;

    private OtherWork(long? busyTicks, TimeSpan ownCpu)
    {
        _busyTicks = busyTicks;
        _ownCpu = ownCpu;
        _started = Stopwatch.GetTimestamp();
    }

    public static OtherWork Start() => new(BusyTicks(), OwnCpu());

    /// <summary>Average cores used by other processes since <see cref="Start"/>, or null off Linux.</summary>
    public (double Cores, TimeSpan Elapsed)? Measure()
    {
        var busy = BusyTicks();
        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (busy is null || _busyTicks is null || elapsed <= TimeSpan.Zero)
        {
            return null;
        }
        var otherSeconds = (busy.Value - _busyTicks.Value) / TicksPerSecond - (OwnCpu() - _ownCpu).TotalSeconds;
        return (Math.Max(0, otherSeconds) / elapsed.TotalSeconds, elapsed);
    }

    private static TimeSpan OwnCpu()
    {
        // /proc/self/stat: utime, stime, cutime, cstime are fields 14–17, after the ")" that ends the name.
        if (File.Exists("/proc/self/stat"))
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture));
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>user + nice + system + irq + softirq + steal of the "cpu" line: time any CPU was busy.</summary>
    private static long? BusyTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            return null;
        }
        return new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
    }
}
