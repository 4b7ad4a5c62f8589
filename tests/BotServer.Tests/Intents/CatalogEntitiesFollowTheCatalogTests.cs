using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.BotServer.Tests.Intents;

/// <summary>The parser as the server wires it, over a real LiteDB catalog: catalog writes change what it recognises.</summary>
public sealed class CatalogEntitiesFollowTheCatalogTests : IDisposable
{
    private const string Shop = "shop";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));
    private readonly ServiceProvider _services;

    public CatalogEntitiesFollowTheCatalogTests()
    {
        Directory.CreateDirectory(_directory);
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Directory"] = _directory })
                .Build())
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero)))
            .AddLiteDbStorage()
            .AddCatalog()
            .AddConversation()
            .BuildServiceProvider();
    }

    private IIntentParser Parser => _services.GetRequiredService<IIntentParser>();

    private CatalogManager Catalog => _services.GetRequiredService<CatalogManager>();

    [Fact]
    public void AProductAddedThroughTheCatalogIsRecognisedOnTheNextParse()
    {
        Catalog.Upsert(Shop, [Kettle("KT-1", "美的 Midea", "电水壶")]);
        Assert.DoesNotContain(Parse("有没有苏泊尔的破壁机"), e => e.Type is "brand" or "product");

        Catalog.Upsert(Shop, [new Product
        {
            ProductId = "BL-1", Title = "苏泊尔 Supor 破壁料理机 PB-900", Brand = "苏泊尔 Supor", CategoryPath = ["kitchen", "small-appliances"],
            Aliases = ["料理机"], Price = 399, Stock = 5,
        }]);

        var entities = Parse("有没有苏泊尔的破壁机");
        Assert.Contains(entities, e => e.Type == "brand" && e.Value == "苏泊尔 Supor");
        Assert.Contains(entities, e => e.Type == "category" && e.Value == "kitchen");
        Assert.Contains(Parse("pb-900 多少钱"), e => e.Type == "product" && e.Value == "BL-1");
    }

    [Fact]
    public void ADeletedOrDeactivatedProductIsNoLongerRecognised()
    {
        Catalog.Upsert(Shop, [Kettle("KT-1", "美的 Midea", "电水壶"), Kettle("KT-2", "小熊 Bear", "养生壶")]);
        Assert.Contains(Parse("小熊的养生壶"), e => e.Type == "brand" && e.Value == "小熊 Bear");

        Catalog.Delete(Shop, "KT-2");
        Assert.DoesNotContain(Parse("小熊的养生壶"), e => e.Type == "brand");

        var midea = Kettle("KT-1", "美的 Midea", "电水壶");
        midea.Active = false;
        Catalog.Upsert(Shop, [midea]);
        Assert.DoesNotContain(Parse("midea 电水壶"), e => e.Type == "brand");
    }

    [Fact]
    public void AnotherMerchantsCatalogIsNotRead()
    {
        Catalog.Upsert(Shop, [Kettle("KT-1", "美的 Midea", "电水壶")]);

        Assert.DoesNotContain(Parser.Parse("midea 电水壶", new ParseContext("other")).Entities, e => e.Type is "brand" or "category" or "product");
    }

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner takes what a finishing background task still holds.
        }
    }

    private IReadOnlyList<EntityMatch> Parse(string text) => Parser.Parse(text, new ParseContext(Shop)).Entities;

    private static Product Kettle(string id, string brand, string alias) => new()
    {
        ProductId = id, Title = $"{brand} {alias}", Brand = brand, CategoryPath = ["kitchen", "small-appliances"], Aliases = [alias], Price = 199, Stock = 5,
    };
}
