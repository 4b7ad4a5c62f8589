namespace ChatCommerce.Bench.Reporting;

/// <summary>
/// docs/PERFORMANCE.md: one section per suite between <c>&lt;!-- bench:NAME:begin --&gt;</c> and
/// <c>&lt;!-- bench:NAME:end --&gt;</c>. A run replaces only its own section, so suites run at
/// different times (or on different days) never overwrite each other; text outside the markers is kept.
/// </summary>
public static class PerformanceDoc
{
    private const string Preamble = $"""
        # Performance

        Measured by `bench/ChatCommerce.Bench`, the project's one benchmark entry point:

        ```sh
        dotnet run -c Release --project {BenchCommand.ProjectPath} -- <suite> [--sizes 1000,10000] [--quick] [--write-docs false]
        dotnet run -c Release --project {BenchCommand.ProjectPath} -- all
        dotnet run -c Release --project {BenchCommand.ProjectPath} -- --help
        ```

        Each suite rewrites only its own section below, between its `bench:<suite>` marker comments;
        text outside the markers is left alone. Figures come from one machine on one day: compare
        runs made on the same machine, and read each section's date, machine and command first.

        """;

    public static string Section(string title, string suite, DateTimeOffset started, MachineInfo machine, string configuration, string command, string load, string findings) => $"""
        ## {title} (`{suite}`)

        - Date: {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC
        - Machine: {machine.Describe()}
        - Load: {load}
        - Build: {configuration}
        - Command: `{command}`

        {findings.Trim()}

        """;

    /// <param name="first">Where a new section goes: before every other section (the summary) or after them.</param>
    public static void WriteSection(string path, string suite, string section, bool first = false)
    {
        var begin = $"<!-- bench:{suite}:begin -->";
        var end = $"<!-- bench:{suite}:end -->";
        var block = $"{begin}\n{section.Trim()}\n{end}";
        var text = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : Preamble;
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : text.IndexOf(end, start, StringComparison.Ordinal);
        var firstSection = text.IndexOf("<!-- bench:", StringComparison.Ordinal);
        text = stop > start ? text[..start] + block + text[(stop + end.Length)..]
            : first && firstSection >= 0 ? text[..firstSection] + block + "\n\n" + text[firstSection..]
            : text.TrimEnd('\n') + "\n\n" + block + "\n";

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write then rename, so an interrupted run never leaves half a document.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
