namespace ChatCommerce.BotServer.Recommendations;

/// <summary>What one group has done with one product so far (aggregated signals).</summary>
/// <param name="Joiners">Distinct people who joined a group buy of it (counted up to a cap).</param>
/// <param name="Buyers">Distinct people who bought it (counted up to a cap).</param>
public sealed record ProductActivity(
    string Platform,
    string GroupId,
    string ProductId,
    int Views,
    int Joins,
    int Purchases,
    int Joiners,
    int Buyers,
    DateTimeOffset LastAt);

/// <summary>How often another product was joined or bought by the same group or user.</summary>
public sealed record BoughtTogether(string ProductId, string OtherProductId, int Count);

/// <summary>Reads the aggregates that <see cref="IGroupSignals"/> keeps. A platform of null means any platform.</summary>
public interface IGroupSignalReader
{
    IReadOnlyList<ProductActivity> ForGroup(string merchantId, string? platform, string groupId);

    /// <summary>Every group's activity on these products, at most <paramref name="limitPerProduct"/> groups per product.</summary>
    IReadOnlyList<ProductActivity> ForProducts(string merchantId, IReadOnlyCollection<string> productIds, int limitPerProduct);

    /// <summary>Products the user joined or bought lately, most recent first.</summary>
    IReadOnlyList<string> RecentForUser(string merchantId, string? platform, string userId);

    IReadOnlyList<BoughtTogether> BoughtWith(string merchantId, string productId);
}
