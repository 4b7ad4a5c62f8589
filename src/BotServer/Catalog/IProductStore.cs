namespace ChatCommerce.BotServer.Catalog;

public interface IProductStore
{
    Product? Find(string merchantId, string productId);

    /// <summary>Writes all products in one transaction; returns how many were new.</summary>
    int Upsert(IReadOnlyCollection<Product> products);

    /// <summary>Products in id order after <paramref name="afterProductId"/>.</summary>
    IReadOnlyList<Product> List(string merchantId, string? afterProductId, int limit, string? category);

    IEnumerable<Product> All(string merchantId);

    IReadOnlyList<string> MerchantIds();

    Product? Delete(string merchantId, string productId);
}
