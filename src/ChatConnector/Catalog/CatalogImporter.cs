using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using CatalogClient = ChatCommerce.Contracts.V1.Catalog.CatalogClient;

namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>
/// Sends the readable rows of a catalog file to the BotServer in one <c>ImportProducts</c> stream
/// and reports every rejected row (unreadable here or refused there) by its place in the file.
/// </summary>
public sealed class CatalogImporter(CatalogClient client, string apiKey)
{
    /// <param name="merchantId">The merchant to import into; needed with the admin key, implied by a merchant key.</param>
    /// <exception cref="RpcException">The call failed as a whole: no connection, a refused key, another merchant.</exception>
    public async Task<ImportReport> ImportAsync(IEnumerable<CatalogRow> rows, string? merchantId, CancellationToken cancellationToken = default)
    {
        var rejected = new List<RejectedRow>();
        // The BotServer reports refusals by 1-based stream position; this maps them back to rows.
        var sentRows = new List<int>();
        using var call = client.ImportProducts(new Metadata { { RelayClient.ApiKeyHeader, apiKey } }, cancellationToken: cancellationToken);
        try
        {
            foreach (var row in rows)
            {
                if (row.Product is null)
                {
                    rejected.Add(new RejectedRow(row.Row, row.ProductId, [row.Error ?? "could not be read"]));
                    continue;
                }
                var product = string.IsNullOrEmpty(merchantId) ? row.Product : new Product(row.Product) { MerchantId = merchantId };
                sentRows.Add(row.Row);
                await call.RequestStream.WriteAsync(product, cancellationToken);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The call ended early (a refused key, no connection): a write then fails with a
            // cancellation or a bare status, while the response below carries the real status.
        }

        var response = await call.ResponseAsync;
        foreach (var refusal in response.Rejected)
        {
            if (refusal.Position < 1 || refusal.Position > sentRows.Count)
            {
                throw new InvalidDataException($"The BotServer rejected stream position {refusal.Position}, but {sentRows.Count} products were sent.");
            }
            rejected.Add(new RejectedRow(sentRows[refusal.Position - 1], refusal.ProductId, [.. refusal.Reasons]));
        }
        return new ImportReport(response.ImportedCount, [.. rejected.OrderBy(r => r.Row)]);
    }

    /// <summary>Reads every row without sending anything: what <c>--dry-run</c> shows.</summary>
    public static ImportReport Check(IEnumerable<CatalogRow> rows)
    {
        var ready = 0;
        var rejected = new List<RejectedRow>();
        foreach (var row in rows)
        {
            if (row.Product is null)
            {
                rejected.Add(new RejectedRow(row.Row, row.ProductId, [row.Error ?? "could not be read"]));
            }
            else
            {
                ready++;
            }
        }
        return new ImportReport(ready, rejected, DryRun: true);
    }
}
