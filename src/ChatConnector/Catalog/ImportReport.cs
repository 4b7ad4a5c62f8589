namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>A row that was not imported, named by its place in the file.</summary>
public sealed record RejectedRow(int Row, string ProductId, IReadOnlyList<string> Reasons);

/// <summary>What an import did, or (for a dry run) would do.</summary>
/// <param name="Imported">Products written; for a dry run, products that would be sent.</param>
/// <param name="Rejected">Rows refused by the reader or the BotServer, in file order.</param>
/// <param name="DryRun">Nothing was sent; only the file was checked.</param>
public sealed record ImportReport(int Imported, IReadOnlyList<RejectedRow> Rejected, bool DryRun = false)
{
    /// <summary>
    /// "Imported 3 products; 2 rejected:" and a line per rejected row,
    /// e.g. "  row 7 (SKU-1): price: must not be negative".
    /// </summary>
    /// <param name="rowNoun">What rows are called in this file: "row" or "element".</param>
    public IEnumerable<string> Lines(string rowNoun)
    {
        var count = Imported == 1 ? "1 product" : $"{Imported} products";
        var done = DryRun ? $"Dry run, nothing sent: {count} ready to import" : $"Imported {count}";
        if (Rejected.Count == 0)
        {
            yield return done + ".";
            yield break;
        }
        yield return $"{done}; {Rejected.Count} rejected:";
        foreach (var row in Rejected)
        {
            var name = row.ProductId.Length > 0 ? $" ({row.ProductId})" : "";
            yield return $"  {rowNoun} {row.Row}{name}: {string.Join("; ", row.Reasons)}";
        }
    }
}
