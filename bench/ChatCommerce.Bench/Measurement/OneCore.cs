using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChatCommerce.Bench.Measurement;

/// <summary>
/// Pins the process to CPU 0 (affinity mask 1) while a suite measures, and restores the previous
/// mask afterwards. <c>Process.ProcessorAffinity = 1</c> pins the process on Windows, but on Linux it
/// calls sched_setaffinity for the main thread only; the runtime's threads that already exist (GC
/// background thread, tiered JIT, finalizer, timers) would keep running on the other cores and
/// quietly lend the measurement a second CPU. So on Linux every thread in /proc/self/task is pinned
/// as well; threads started later inherit the mask.
/// </summary>
public sealed class OneCore : IDisposable
{
    private const ulong CpuZero = 1;
    private readonly nint _previous;

    private OneCore(nint previous, string description)
    {
        _previous = previous;
        Description = description;
    }

    /// <summary>What was pinned, for the docs.</summary>
    public string Description { get; }

    public static OneCore Pin()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return new OneCore(0, $"not pinned: processor affinity is not supported on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        }
        using var process = Process.GetCurrentProcess();
        var previous = process.ProcessorAffinity;
        process.ProcessorAffinity = (nint)CpuZero;
        if (!OperatingSystem.IsLinux())
        {
            return new OneCore(previous, "`Process.ProcessorAffinity = 1`: the whole process on CPU 0");
        }
        var (pinned, total) = SetEveryThread(CpuZero);
        return new OneCore(previous, $"`Process.ProcessorAffinity = 1` (the main thread) plus sched_setaffinity on the runtime's other threads: {pinned} of {total} threads on CPU 0, GC and JIT included");
    }

    public void Dispose()
    {
        if (_previous == 0 || (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows()))
        {
            return;
        }
        using var process = Process.GetCurrentProcess();
        process.ProcessorAffinity = _previous;
        if (OperatingSystem.IsLinux())
        {
            SetEveryThread((ulong)_previous);
        }
    }

    /// <returns>How many threads now have exactly <paramref name="mask"/>, of how many there are.</returns>
    private static (int Pinned, int Total) SetEveryThread(ulong mask)
    {
        var pinned = 0;
        var threads = Directory.GetDirectories("/proc/self/task");
        foreach (var thread in threads)
        {
            if (int.TryParse(Path.GetFileName(thread), out var threadId))
            {
                var wanted = mask;
                // A thread may end between listing and pinning; that is fine.
                if (SchedSetAffinity(threadId, sizeof(ulong), ref wanted) == 0)
                {
                    pinned++;
                }
            }
        }
        return (pinned, threads.Length);
    }

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int threadId, nint maskSize, ref ulong mask);
}
