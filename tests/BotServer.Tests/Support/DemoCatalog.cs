using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Demo;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;

namespace ChatCommerce.BotServer.Tests.Support;

/// <summary>The demo catalog indexed for one merchant, and a parser that reads its names, as the server wires them.</summary>
public sealed class DemoCatalog : IDisposable
{
    public DemoCatalog(string merchantId = "demo")
    {
        var products = DemoSeeder.LoadCatalog(DemoSeeder.CatalogPath);
        foreach (var product in products)
        {
            product.MerchantId = merchantId;
            product.Id = Product.StorageKey(merchantId, product.ProductId);
        }
        Search.Index(products);
        Names = new IndexedCatalogNames(Search);
        Parser = new OfflineIntentParser(IntentModel.Default, Names);
    }

    public LuceneProductSearch Search { get; } = new();

    public ICatalogNames Names { get; }

    public OfflineIntentParser Parser { get; }

    public void Dispose() => Search.Dispose();
}
