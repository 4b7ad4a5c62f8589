using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

public sealed class CatalogService(CatalogManager catalog, TenantAccess tenants) : Contracts.V1.Catalog.CatalogBase
{
    private const int ImportBatchSize = 500;

    public override Task<UpsertProductsResponse> UpsertProducts(UpsertProductsRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var products = MapAll(request.Products);
        var result = catalog.Upsert(merchantId, products);
        return Task.FromResult(new UpsertProductsResponse
        {
            CreatedCount = result.Created,
            UpdatedCount = result.Updated,
            Products = { result.Products.Select(ProductMapping.ToContract) },
        });
    }

    /// <summary>
    /// Streams products in: each is checked on arrival; good ones are written in batches, bad
    /// ones are reported by their 1-based position and do not stop the import.
    /// </summary>
    public override async Task<ImportProductsResponse> ImportProducts(IAsyncStreamReader<Contracts.V1.Product> requestStream, ServerCallContext context)
    {
        var caller = context.Caller();
        string? merchantId = null;
        var response = new ImportProductsResponse();
        var batch = new List<Catalog.Product>(ImportBatchSize);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            position++;
            var incoming = requestStream.Current;
            merchantId ??= tenants.ResolveMerchant(caller, incoming.MerchantId);
            if (incoming.MerchantId.Length > 0 && incoming.MerchantId != merchantId)
            {
                throw new InvalidRequestException($"[{position}].merchant_id", $"must be empty or '{merchantId}' for the whole stream");
            }
            var reasons = CatalogManager.CheckOne(() => ProductMapping.ToDomain(incoming), out var product);
            if (product is not null && !seen.Add(product.ProductId))
            {
                reasons = ["product_id: appears earlier in this import"];
            }
            if (reasons.Count > 0)
            {
                response.Rejected.Add(new ImportRejection { Position = position, ProductId = incoming.ProductId, Reasons = { reasons } });
                continue;
            }
            batch.Add(product!);
            if (batch.Count == ImportBatchSize)
            {
                response.ImportedCount += catalog.Write(merchantId, batch).Products.Count;
                batch = new List<Catalog.Product>(ImportBatchSize);
            }
        }
        if (batch.Count > 0)
        {
            response.ImportedCount += catalog.Write(merchantId!, batch).Products.Count;
        }
        return response;
    }

    public override Task<Contracts.V1.Product> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(ProductMapping.ToContract(catalog.Get(merchantId, request.ProductId)));
    }

    public override Task<ListProductsResponse> ListProducts(ListProductsRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var page = catalog.List(merchantId, request.PageSize, request.PageToken, request.Category);
        return Task.FromResult(new ListProductsResponse
        {
            Products = { page.Products.Select(ProductMapping.ToContract) },
            NextPageToken = page.NextPageToken,
        });
    }

    public override Task<DeleteProductResponse> DeleteProduct(DeleteProductRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(new DeleteProductResponse { Product = ProductMapping.ToContract(catalog.Delete(merchantId, request.ProductId)) });
    }

    public override Task<SearchProductsResponse> SearchProducts(SearchProductsRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var (min, max) = MoneyMapping.ToRange(request.Budget);
        var query = new ProductQuery(merchantId, request.Query, min, max, request.Category, request.Brand, request.InStockOnly, Limit: request.PageSize);
        var result = catalog.Search(query, request.PageToken);
        return Task.FromResult(new SearchProductsResponse
        {
            Hits = { result.Hits.Select(h => new SearchHit { Product = ProductMapping.ToContract(h.Product), Score = h.Score }) },
            TotalSize = result.TotalCount,
            NextPageToken = CatalogManager.NextSearchToken(result, CatalogManager.SearchOffset(request.PageToken)),
        });
    }

    private static List<Catalog.Product> MapAll(IEnumerable<Contracts.V1.Product> products)
    {
        var violations = new Violations();
        var mapped = new List<Catalog.Product>();
        foreach (var (product, i) in products.Select((p, i) => (p, i)))
        {
            try
            {
                mapped.Add(ProductMapping.ToDomain(product, $"products[{i}]."));
            }
            catch (InvalidRequestException invalid)
            {
                foreach (var v in invalid.Violations)
                {
                    violations.Add(v.Field, v.Description);
                }
            }
        }
        violations.ThrowIfAny();
        return mapped;
    }
}
