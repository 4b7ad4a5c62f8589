using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Merchants;

namespace ChatCommerce.BotServer.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Embedded LiteDB in `Storage:Directory`: the shared database, every store, checkpoints, health.</summary>
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiteDbContext>();
        services.AddSingleton<IMerchantStore, LiteDbMerchantStore>();
        services.AddSingleton<IApiKeyStore, LiteDbApiKeyStore>();
        services.AddSingleton<IProductStore, LiteDbProductStore>();
        services.AddHostedService<LiteDbCheckpointer>();
        return services;
    }
}
