using ChatCommerce.BotServer.Catalog.Search;

namespace ChatCommerce.BotServer.Catalog;

public static class CatalogServiceCollectionExtensions
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton(_ => ChineseSegmenter.Shared);
        services.AddSingleton<IProductSearch, LuceneProductSearch>();
        services.AddSingleton<CatalogManager>();
        services.AddSingleton<ICatalogNames, IndexedCatalogNames>();
        services.AddHostedService<SearchIndexBuilder>();
        return services;
    }
}

/// <summary>Fills the search index from storage before the server takes traffic.</summary>
public sealed class SearchIndexBuilder(IProductSearch search, IProductStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        search.Rebuild(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
