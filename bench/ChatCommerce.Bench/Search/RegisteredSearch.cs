using ChatCommerce.BotServer.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.Bench.Search;

/// <summary>
/// The <see cref="IProductSearch"/> that <c>AddCatalog()</c> registers, resolved the way BotServer
/// resolves it, so the suite measures whichever implementation the app ships. Each call builds a
/// fresh container, hence a fresh, empty instance.
/// </summary>
public static class RegisteredSearch
{
    public static (IProductSearch Search, IDisposable Owner) Create(IProductStore store)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(TimeProvider.System)
            .AddSingleton(store)
            .AddCatalog()
            .BuildServiceProvider();
        var search = provider.GetRequiredService<IProductSearch>();
        // The suite repeats its queries: measure the search itself, not the result cache.
        if (search is LuceneProductSearch lucene)
        {
            lucene.RememberResults = false;
        }
        return (search, provider);
    }
}
