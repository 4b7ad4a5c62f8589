using System.Runtime;
using System.Runtime.InteropServices;

namespace ChatCommerce.Bench.Reporting;

/// <summary>What the figures were measured on; read from /proc on Linux, from the runtime elsewhere.</summary>
public sealed record MachineInfo(int LogicalCpus, string CpuModel, long TotalMemoryBytes, string Os, string Runtime)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemTotalBytes() ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        OsName(),
        $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");

    public string Describe() =>
        $"nproc {LogicalCpus}, {CpuModel}, {TotalMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB RAM, {Os}, {Runtime}";

    private static string OsName()
    {
        var pretty = FirstValue("/etc/os-release", "PRETTY_NAME")?.Trim('"');
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null;
        return pretty is null ? RuntimeInformation.OSDescription : kernel is null ? pretty : $"{pretty}, Linux {kernel}";
    }

    private static long? MemTotalBytes()
    {
        // "MemTotal:       24684092 kB"
        var value = FirstValue("/proc/meminfo", "MemTotal");
        return value is not null && long.TryParse(value.Split(' ')[0], out var kilobytes) ? kilobytes * 1024 : null;
    }

    /// <summary>The value of the first "key: value" (or "key=value") line of a text file, if it exists.</summary>
    private static string? FirstValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path))
        {
            var separator = line.IndexOfAny([':', '=']);
            if (separator > 0 && line[..separator].Trim() == key)
            {
                return line[(separator + 1)..].Trim();
            }
        }
        return null;
    }
}
