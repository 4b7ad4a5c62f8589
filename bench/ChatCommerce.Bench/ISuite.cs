using System.CommandLine;

namespace ChatCommerce.Bench;

/// <summary>
/// One benchmark area, run as <c>dotnet run -c Release --project bench/ChatCommerce.Bench -- &lt;Name&gt;</c>;
/// <c>all</c> runs every suite in turn. A suite prints markdown and owns one section of docs/PERFORMANCE.md.
/// </summary>
public interface ISuite
{
    /// <summary>The command name and the docs section key, e.g. <c>search</c>.</summary>
    string Name { get; }

    /// <summary>The docs section heading.</summary>
    string Title { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Measures and returns the findings as markdown; <paramref name="progress"/> is for humans watching (stderr).</summary>
    string Run(BenchSettings settings, TextWriter progress);

    /// <summary>Options only this suite reads, offered on its command (and on <c>all</c> when it runs there); read with <see cref="BenchSettings.Get{T}"/>.</summary>
    IReadOnlyList<Option> Options => [];

    /// <summary>A long run made on demand only: <c>all</c> leaves it out.</summary>
    bool OnDemand => false;
}

/// <param name="Sizes">Catalog sizes asked for with <c>--sizes</c>; null means each suite's default.</param>
/// <param name="Quick">A fast smoke run: fewer sizes and fewer timed iterations.</param>
/// <param name="WriteDocs">Whether each suite rewrites its section of <see cref="DocsPath"/>.</param>
/// <param name="Command">The command line as typed, for the docs.</param>
/// <param name="Parsed">The parsed command line, for a suite's own <see cref="ISuite.Options"/>.</param>
public sealed record BenchSettings(IReadOnlyList<int>? Sizes, bool Quick, bool WriteDocs, string DocsPath, string Command, ParseResult? Parsed = null)
{
    /// <summary>Where a suite puts its headline figures for the summary table (<see cref="Reporting.Summary"/>).</summary>
    public Reporting.HeadlineBoard Headlines { get; } = new();

    /// <summary>A suite option's value as given, or its default.</summary>
    public T? Get<T>(Option<T> option) => Parsed is null ? default : Parsed.GetValue(option);
}
