using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>One product read from a catalog file, or why it could not be read.</summary>
/// <param name="Row">Where it is in the file: the line a CSV row starts on (header = 1), or the 1-based position in a JSON array.</param>
/// <param name="Product">The product, when the row could be read.</param>
/// <param name="Error">Why the row could not be read, when it could not.</param>
public sealed record CatalogRow(int Row, Product? Product, string? Error)
{
    /// <summary>The product id as far as it could be read, so a rejected row can still be named in the report.</summary>
    public string ProductId { get; init; } = Product?.ProductId ?? "";

    public static CatalogRow Read(int row, Product product) => new(row, product, null);

    public static CatalogRow Malformed(int row, string productId, string error) => new(row, null, error) { ProductId = productId };
}
