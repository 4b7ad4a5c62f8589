namespace ChatCommerce.BotServer.Merchants;

public static class MerchantsServiceCollectionExtensions
{
    /// <summary>Tenants and API keys (the stores are registered with the storage).</summary>
    public static IServiceCollection AddMerchants(this IServiceCollection services) => services.AddSingleton<MerchantAccounts>();
}
