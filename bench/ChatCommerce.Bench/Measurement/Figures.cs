namespace ChatCommerce.Bench.Measurement;

/// <summary>Human-sized figures for tables: three significant digits, a unit that fits.</summary>
public static class Figures
{
    public static string Milliseconds(double ms) => ms switch
    {
        < 0.01 => $"{ms * 1000:0.0} µs",
        < 1 => $"{ms:0.000} ms",
        < 10 => $"{ms:0.00} ms",
        < 1000 => $"{ms:0.0} ms",
        _ => $"{ms / 1000:0.00} s",
    };

    public static string Duration(TimeSpan duration) => Milliseconds(duration.TotalMilliseconds);

    public static string Bytes(long bytes) => Math.Abs(bytes) switch
    {
        < 1024 * 1024 => $"{bytes / 1024.0:0} KiB",
        < 100L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024):0} MiB",
    };

    public static string PerSecond(double rate) => rate switch
    {
        < 10 => $"{rate:0.0}",
        _ => $"{rate:#,0}",
    };

    public static string Count(int n) => n >= 1000 && n % 1000 == 0 ? $"{n / 1000:#,0}k" : $"{n:#,0}";
}
