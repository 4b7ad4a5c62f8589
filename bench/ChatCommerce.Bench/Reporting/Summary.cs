using System.Text;

namespace ChatCommerce.Bench.Reporting;

/// <summary>One figure a suite puts in the summary table, beside the baseline it measured in the same run.</summary>
/// <param name="Verdict">"met", "missed", or a word for figures without a target ("—").</param>
public sealed record Headline(string Figure, string Measured, string Baseline, string Target, string Verdict);

/// <summary>What the suites of one run report for the summary table; suites add to it as they finish.</summary>
public sealed class HeadlineBoard
{
    private readonly List<(string Suite, Headline Headline)> _rows = [];

    public void Add(string suite, Headline headline) => _rows.Add((suite, headline));

    /// <summary>Flags the suite's rows: other work on the machine skewed its figures.</summary>
    public void MarkBusy(string suite)
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            if (_rows[i].Suite == suite)
            {
                _rows[i] = (suite, _rows[i].Headline with { Verdict = _rows[i].Headline.Verdict + " (BUSY machine)" });
            }
        }
    }

    public IReadOnlyList<(string Suite, Headline Headline)> Rows => _rows;
}

/// <summary>
/// The summary at the top of docs/PERFORMANCE.md: every suite's headline figures in one table,
/// each row naming its suite and the date of its run. A run replaces the rows of the suites it
/// ran and keeps the others' rows from earlier runs (so <c>all</c> and a single suite agree).
/// </summary>
public static class Summary
{
    public const string Name = "summary";

    private static readonly string[] Columns = ["figure", "measured", "baseline (same run)", "target", "verdict", "suite, run"];

    public static string Table(IEnumerable<(string Suite, Headline Headline)> rows, DateTimeOffset started) =>
        Table(rows.Select(r => Cells(r.Suite, r.Headline, started)));

    /// <param name="suiteOrder">Every suite's name, in the order their rows are listed.</param>
    public static string Section(IReadOnlyList<string> suiteOrder, IReadOnlyCollection<string> suitesRun, IEnumerable<(string Suite, Headline Headline)> rows,
        DateTimeOffset started, MachineInfo machine, string command, string existingDocument)
    {
        var kept = PreviousRows(existingDocument).Where(cells => !suitesRun.Contains(SuiteOf(cells)));
        var all = kept.Concat(rows.Select(r => Cells(r.Suite, r.Headline, started)))
            .OrderBy(cells => suiteOrder.ToList().IndexOf(SuiteOf(cells)) is var i and >= 0 ? i : int.MaxValue)
            .ToList();
        return $"""
            ## Summary

            Every suite's headline figures, each next to the baseline measured in the same run. The last
            column names the suite and the date of the run that produced the row; the suite's section
            below has the load, the method and the details. Last written by `{command}` on
            {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {machine.Describe()}.

            {Table(all).Trim()}
            """;
    }

    private static string[] Cells(string suite, Headline h, DateTimeOffset started) =>
        [h.Figure, h.Measured, h.Baseline, h.Target, h.Verdict, $"`{suite}`, {started.UtcDateTime:yyyy-MM-dd HH:mm}"];

    private static string Table(IEnumerable<string[]> rows)
    {
        var table = new MarkdownTable(Columns);
        foreach (var row in rows)
        {
            table.Add(row);
        }
        return table.ToString();
    }

    private static string SuiteOf(string[] cells)
    {
        var last = cells[^1];
        var open = last.IndexOf('`');
        var close = open < 0 ? -1 : last.IndexOf('`', open + 1);
        return close > open ? last[(open + 1)..close] : "";
    }

    // The rows of the summary table already in the document (between its markers).
    private static IEnumerable<string[]> PreviousRows(string document)
    {
        var begin = document.IndexOf($"<!-- bench:{Name}:begin -->", StringComparison.Ordinal);
        var end = begin < 0 ? -1 : document.IndexOf($"<!-- bench:{Name}:end -->", begin, StringComparison.Ordinal);
        if (end < 0)
        {
            return [];
        }
        return document[begin..end].Split('\n')
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| figure |", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length == Columns.Length)
            .ToList();
    }
}
