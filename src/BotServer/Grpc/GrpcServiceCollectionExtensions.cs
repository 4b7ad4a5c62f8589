using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Grpc;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>Largest gRPC message accepted (a full 500-product upsert fits).</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    public static IServiceCollection AddChatCommerceGrpc(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RateLimitInterceptor>();
        services.AddGrpc(options =>
        {
            // Outermost first: the error mapping also maps what the rate limiter throws.
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<RateLimitInterceptor>();
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.MaxSendMessageSize = MaxMessageBytes;
        }).AddJsonTranscoding();
        services.UseStrictRequestParsing();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<LiteDbHealthCheck>("litedb");
        services.AddSingleton<RelayStreamHandler>();
        services.AddSingleton<GroupBuyWatchHandler>();
        return services;
    }

    public static WebApplication MapChatCommerceGrpc(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<ChatBotService>().RequireAuthorization(ApiKeyPolicies.Chat);
        app.MapGrpcService<CatalogService>().RequireAuthorization(ApiKeyPolicies.Merchant);
        app.MapGrpcService<RecommendationsService>().RequireAuthorization(ApiKeyPolicies.Merchant);
        app.MapGrpcService<GroupBuysService>().RequireAuthorization(ApiKeyPolicies.Merchant);
        app.MapGrpcService<MerchantsService>().RequireAuthorization(ApiKeyPolicies.Merchant);
        app.MapGrpcService<DiagnosticsService>().RequireAuthorization(ApiKeyPolicies.Merchant);
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
