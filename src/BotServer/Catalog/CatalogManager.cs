using System.Text;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Catalog;

public sealed record UpsertResult(int Created, int Updated, IReadOnlyList<Product> Products);

public sealed record ProductPage(IReadOnlyList<Product> Products, string NextPageToken);

/// <summary>The catalog feature: validated writes that the search index follows at once, reads, search.</summary>
public sealed class CatalogManager(IProductStore store, IProductSearch search, TimeProvider time)
{
    public const int MaxUpsertBatch = 500;
    public const int MaxQueryLength = 200;
    public const int DefaultSearchPageSize = 10;
    public const int MaxSearchPageSize = 100;
    public const int DefaultListPageSize = 50;
    public const int MaxListPageSize = 500;

    public UpsertResult Upsert(string merchantId, IReadOnlyList<Product> products)
    {
        var violations = new Violations()
            .When(products.Count == 0, "products", "must hold at least one product")
            .When(products.Count > MaxUpsertBatch, "products", $"must hold at most {MaxUpsertBatch} products");
        for (var i = 0; i < products.Count; i++)
        {
            ProductRules.Check(products[i], $"products[{i}].", violations);
        }
        foreach (var duplicate in products.GroupBy(p => p.ProductId).Where(g => g.Count() > 1))
        {
            violations.Add("products", $"product_id '{duplicate.Key}' appears more than once");
        }
        violations.ThrowIfAny();
        return Write(merchantId, products);
    }

    /// <summary>
    /// Maps and checks one product of a streamed import; returns its problems as
    /// "field: reason" lines (empty when it is good).
    /// </summary>
    public static IReadOnlyList<string> CheckOne(Func<Product> map, out Product? product)
    {
        product = null;
        var violations = new Violations();
        try
        {
            product = map();
            ProductRules.Check(product, "", violations);
        }
        catch (InvalidRequestException invalid)
        {
            return invalid.Violations.Select(v => $"{v.Field}: {v.Description}").ToList();
        }
        var problems = violations.ToList();
        if (problems.Count > 0)
        {
            product = null;
        }
        return problems.Select(v => $"{v.Field}: {v.Description}").ToList();
    }

    /// <summary>Writes products that already passed <see cref="ProductRules"/> (streamed imports check one by one).</summary>
    public UpsertResult Write(string merchantId, IReadOnlyList<Product> products)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var product in products)
        {
            product.MerchantId = merchantId;
            product.Id = Product.StorageKey(merchantId, product.ProductId);
            product.UpdatedAt = now;
        }
        var created = store.Upsert(products);
        search.Index(products);
        return new UpsertResult(created, products.Count - created, products);
    }

    public Product Get(string merchantId, string productId)
    {
        RequireProductId(productId);
        return store.Find(merchantId, productId) ?? throw new NotFoundException("product", productId);
    }

    public ProductPage List(string merchantId, int pageSize, string? pageToken, string? category)
    {
        var size = PageSize(pageSize, DefaultListPageSize, MaxListPageSize);
        var after = DecodeToken(pageToken);
        var page = store.List(merchantId, after, size + 1, string.IsNullOrWhiteSpace(category) ? null : category);
        var next = page.Count > size ? EncodeToken(page[size - 1].ProductId) : "";
        return new ProductPage(page.Take(size).ToList(), next);
    }

    public Product Delete(string merchantId, string productId)
    {
        RequireProductId(productId);
        var deleted = store.Delete(merchantId, productId) ?? throw new NotFoundException("product", productId);
        search.Remove(merchantId, productId);
        return deleted;
    }

    /// <summary>Validates filters, truncates over-long text, and searches.</summary>
    public ProductSearchResult Search(ProductQuery query, string? pageToken)
    {
        new Violations()
            .When(query.BudgetMin < 0, "budget.min", "must not be negative")
            .When(query.BudgetMax < 0, "budget.max", "must not be negative")
            .When(query.BudgetMin > query.BudgetMax, "budget", "min must not exceed max")
            .When(query.Limit < 0, "page_size", "must not be negative")
            .ThrowIfAny();
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && (!int.TryParse(DecodeToken(pageToken), out offset) || offset < 0))
        {
            throw new InvalidRequestException("page_token", "is not a token from a previous response");
        }
        var text = query.Text.Length > MaxQueryLength ? query.Text[..MaxQueryLength] : query.Text;
        var size = PageSize(query.Limit, DefaultSearchPageSize, MaxSearchPageSize);
        return search.Search(query with { Text = text, Offset = offset, Limit = size });
    }

    public static string NextSearchToken(ProductSearchResult result, int offset) =>
        offset + result.Hits.Count < result.TotalCount ? EncodeToken((offset + result.Hits.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)) : "";

    public static int SearchOffset(string? pageToken) =>
        string.IsNullOrEmpty(pageToken) ? 0 : int.Parse(DecodeToken(pageToken)!, System.Globalization.CultureInfo.InvariantCulture);

    private static void RequireProductId(string productId)
    {
        if (!ProductRules.IsValidProductId(productId))
        {
            throw new InvalidRequestException("product_id", "must be 1..64 characters of letters, digits, '-', '_' or '.'");
        }
    }

    private static int PageSize(int requested, int defaultSize, int max) =>
        requested switch
        {
            < 0 => throw new InvalidRequestException("page_size", "must not be negative"),
            0 => defaultSize,
            _ => Math.Min(requested, max),
        };

    private static string EncodeToken(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new InvalidRequestException("page_token", "is not a token from a previous response");
        }
    }
}
