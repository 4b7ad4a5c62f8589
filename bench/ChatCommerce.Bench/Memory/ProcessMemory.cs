namespace ChatCommerce.Bench.Memory;

/// <summary>
/// Another process's memory as the kernel counts it, from /proc/&lt;pid&gt;/status: resident set
/// size now (VmRSS) and its peak so far (VmHWM). Only RSS is read, so nothing is attached to
/// the server and nothing in it changes by being measured.
/// </summary>
public readonly record struct ProcessMemory(long RssBytes, long PeakRssBytes)
{
    public static bool Available => File.Exists("/proc/self/status");

    public static ProcessMemory Of(int processId)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            // "VmRSS:	  123456 kB"
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }
        return new ProcessMemory(rss, peak);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
