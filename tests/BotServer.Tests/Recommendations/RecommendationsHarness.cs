using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Demo;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.BotServer.Tests.Recommendations;

/// <summary>
/// The recommendation feature as the server wires it (storage, catalog and search, signals,
/// priors, chat handlers) on a real LiteDB file in a temp directory, with a fake clock.
/// </summary>
public sealed class RecommendationsHarness : IDisposable
{
    public const string Demo = "demo";

    private readonly ServiceProvider _services;

    public RecommendationsHarness(bool demoCatalog = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(Directory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Directory"] = Directory })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddLiteDbStorage()
            .AddCatalog()
            .AddRecommendations()
            .BuildServiceProvider();
        if (demoCatalog)
        {
            AddDemoCatalog(Demo);
        }
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public Recommender Recommender => Get<Recommender>();

    public GiftPriors GiftPriors => Get<GiftPriors>();

    public IGroupSignals Signals => Get<IGroupSignals>();

    public IGroupSignalReader SignalReader => Get<IGroupSignalReader>();

    public CatalogManager Catalog => Get<CatalogManager>();

    public LiteDbContext Db => Get<LiteDbContext>();

    public IIntentHandler Handler(string intent) => _services.GetServices<IIntentHandler>().Single(h => h.Intents.Contains(intent));

    public IReadOnlyList<IPendingDialogue> Dialogues => _services.GetServices<IPendingDialogue>().ToList();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public void AddDemoCatalog(string merchantId)
    {
        foreach (var batch in DemoSeeder.LoadCatalog(DemoSeeder.CatalogPath).Chunk(CatalogManager.MaxUpsertBatch))
        {
            Catalog.Upsert(merchantId, batch);
        }
    }

    public IReadOnlyList<Recommendation> Recommend(string? group = null, string query = "", decimal? max = null, int limit = 20,
        string language = "zh", IReadOnlyList<string>? inView = null, string recipient = "", string occasion = "", string merchant = Demo) =>
        Recommender.Recommend(new RecommendationRequest
        {
            MerchantId = merchant,
            Platform = "console",
            GroupId = group ?? "",
            Query = query,
            BudgetMax = max,
            Limit = limit,
            Language = language,
            ContextProductIds = inView ?? [],
            Recipient = recipient,
            Occasion = occasion,
        });

    public void Record(string group, string user, string productId, SignalKind kind, string merchant = Demo) =>
        Signals.Record([new GroupSignal(merchant, "console", group, user, productId, kind, Time.GetUtcNow())]);

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner takes what a finishing background task still holds.
        }
    }
}
