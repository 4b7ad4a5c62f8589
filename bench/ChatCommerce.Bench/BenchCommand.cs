using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using ChatCommerce.Bench.Reporting;

namespace ChatCommerce.Bench;

/// <summary>The command line: one subcommand per suite, plus <c>all</c>; options are shared by every suite.</summary>
public static class BenchCommand
{
    public const string ProjectPath = "bench/ChatCommerce.Bench";

    /// <summary>Other processes using more than this many cores on average during a suite make its figures suspect.</summary>
    private const double BusyCores = 0.1;

    private const string BusyPrefix = "BUSY";

    /// <summary>Exit code for invalid options (the sysexits EX_USAGE value).</summary>
    public const int UsageError = 64;

    private static readonly Option<int[]?> Sizes = new("--sizes")
    {
        Description = "Catalog sizes to measure, comma-separated, e.g. 1000,10000. Default: 1000,10000,100000 (with --quick: 1000,10000).",
        HelpName = "n,n,...",
        Arity = ArgumentArity.ExactlyOne,
        Recursive = true,
        CustomParser = ParseSizes,
    };

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = "A fast smoke run: smaller default sizes, one warm-up pass, a few hundred timed iterations. Figures are rougher.",
        Recursive = true,
    };

    private static readonly Option<bool> WriteDocs = new("--write-docs")
    {
        Description = "Rewrite the suite's own section of docs/PERFORMANCE.md (between its marker comments). --write-docs false only prints.",
        DefaultValueFactory = _ => true,
        Recursive = true,
    };

    private static readonly Option<string?> Docs = new("--docs")
    {
        Description = "The performance document to update. Default: docs/PERFORMANCE.md at the repository root (the folder holding ChatCommerce.sln).",
        HelpName = "path",
        Recursive = true,
    };

    public static RootCommand Create(IReadOnlyList<ISuite> suites)
    {
        var root = new RootCommand($"""
            ChatCommerce benchmarks. Run in Release:
              dotnet run -c Release --project {ProjectPath} -- <suite> [options]
            Each suite prints a markdown table and rewrites its section of docs/PERFORMANCE.md.
            """)
        {
            Sizes,
            Quick,
            WriteDocs,
            Docs,
        };
        var order = suites.Select(s => s.Name).ToArray();
        foreach (var suite in suites)
        {
            root.Subcommands.Add(SuiteCommand(suite.Name, suite.Description, [suite], order));
        }
        var everyday = suites.Where(s => !s.OnDemand).ToArray();
        root.Subcommands.Add(SuiteCommand("all", $"Every suite in turn: {string.Join(", ", everyday.Select(s => s.Name))}.", everyday, order));
        return root;
    }

    private static Command SuiteCommand(string name, string description, IReadOnlyList<ISuite> suites, IReadOnlyList<string> order)
    {
        var command = new Command(name, description);
        foreach (var option in suites.SelectMany(s => s.Options).Distinct())
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            var docsPath = parseResult.GetValue(Docs) ?? DefaultDocsPath();
            if (docsPath is null)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("Cannot find the repository root (a folder holding ChatCommerce.sln) above the current directory; pass --docs <path> or --write-docs false.");
                return UsageError;
            }
            // Without --sizes the option yields an empty array, not null.
            var sizes = parseResult.GetValue(Sizes);
            var settings = new BenchSettings(
                sizes is { Length: > 0 } ? sizes : null,
                parseResult.GetValue(Quick),
                parseResult.GetValue(WriteDocs),
                Path.GetFullPath(docsPath),
                CommandLine(parseResult.Tokens.Select(t => t.Value)),
                parseResult);
            return Run(suites, order, settings, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(IReadOnlyList<ISuite> suites, IReadOnlyList<string> order, BenchSettings settings, TextWriter output, TextWriter progress)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        // Read before any suite pins the process to one core: nproc must say what the machine has.
        var machine = MachineInfo.Capture();
        if (BuildConfiguration != "Release")
        {
            progress.WriteLine($"warning: this is a {BuildConfiguration} build; figures are only meaningful with -c Release.");
        }
        var runStarted = TimeProvider.System.GetUtcNow();
        foreach (var suite in suites)
        {
            var started = TimeProvider.System.GetUtcNow();
            var otherWork = OtherWork.Start();
            progress.WriteLine($"{suite.Name}: started at {started:yyyy-MM-dd HH:mm:ss} UTC");
            var findings = suite.Run(settings, progress);
            var load = LoadLine(otherWork.Measure());
            if (load.StartsWith(BusyPrefix, StringComparison.Ordinal))
            {
                progress.WriteLine($"warning: {suite.Name}: {load}");
                settings.Headlines.MarkBusy(suite.Name);
            }
            var section = PerformanceDoc.Section(suite.Title, suite.Name, started, machine, BuildConfiguration, settings.Command, load, findings);
            output.WriteLine(section);
            if (settings.WriteDocs)
            {
                PerformanceDoc.WriteSection(settings.DocsPath, suite.Name, section);
                progress.WriteLine($"{suite.Name}: wrote its section of {settings.DocsPath}");
            }
        }
        // Every figure of the run in one table, beside its same-run baseline.
        output.WriteLine("## Summary of this run");
        output.WriteLine();
        output.WriteLine(Summary.Table(settings.Headlines.Rows, runStarted));
        if (settings.WriteDocs)
        {
            var existing = File.Exists(settings.DocsPath) ? File.ReadAllText(settings.DocsPath).ReplaceLineEndings("\n") : "";
            var summary = Summary.Section(order, suites.Select(s => s.Name).ToList(), settings.Headlines.Rows, runStarted, machine, settings.Command, existing);
            PerformanceDoc.WriteSection(settings.DocsPath, Summary.Name, summary, first: true);
            progress.WriteLine($"summary: wrote the summary table of {settings.DocsPath}");
        }
        return 0;
    }

    private static string LoadLine((double Cores, TimeSpan Elapsed)? other) => other switch
    {
        null => "other processes' CPU use not known on this OS",
        var (cores, elapsed) when cores > BusyCores =>
            $"{BusyPrefix}: other processes used {cores:0.00} cores on average during the {elapsed.TotalSeconds:0} s run; these figures are skewed, run again on a quiet machine",
        var (cores, elapsed) => $"quiet: other processes used {cores:0.00} cores on average during the {elapsed.TotalSeconds:0} s run",
    };

    private static string BuildConfiguration =>
        typeof(BenchCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    private static string CommandLine(IEnumerable<string> arguments) =>
        $"dotnet run -c {BuildConfiguration} --project {ProjectPath} -- {string.Join(' ', arguments.Select(Quote))}";

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=:".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static string? DefaultDocsPath()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatCommerce.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "PERFORMANCE.md");
            }
        }
        return null;
    }

    private static int[]? ParseSizes(ArgumentResult result)
    {
        var sizes = new List<int>();
        foreach (var part in result.Tokens.Single().Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 10 or > 10_000_000)
            {
                result.AddError($"--sizes: '{part}' is not a whole number from 10 to 10000000.");
                return null;
            }
            sizes.Add(size);
        }
        if (sizes.Count == 0)
        {
            result.AddError("--sizes: give at least one size, e.g. --sizes 1000,10000.");
            return null;
        }
        return [.. sizes.Distinct().Order()];
    }
}
