namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>Reads the products of one catalog file, a row at a time.</summary>
public interface ICatalogReader : IDisposable
{
    /// <summary>What <see cref="CatalogRow.Row"/> counts, for the report: "row" or "element".</summary>
    string RowNoun { get; }

    /// <summary>The rows in file order; a row that cannot be read is returned with its error, and reading goes on.</summary>
    IEnumerable<CatalogRow> ReadRows();
}
