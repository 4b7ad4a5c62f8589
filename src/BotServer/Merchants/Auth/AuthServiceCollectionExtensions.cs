using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace ChatCommerce.BotServer.Merchants.Auth;

public static class ApiKeyPolicies
{
    /// <summary>Admin keys only.</summary>
    public const string Admin = "admin";
    /// <summary>Admin and merchant keys: catalog, rules, groups, group buys.</summary>
    public const string Merchant = "merchant";
    /// <summary>Any valid key, connector keys included: chat traffic.</summary>
    public const string Chat = "chat";
}

public static class AuthServiceCollectionExtensions
{
    /// <summary>`x-api-key` authentication with role policies; every endpoint needs a key unless it opts out.</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.AddSingleton<AdminKey>();
        services.AddHostedService<AdminKeyBootstrap>();
        services.AddSingleton<TenantAccess>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiKeyPolicies.Admin, p => p.RequireRole(nameof(ApiKeyRole.Admin)))
            .AddPolicy(ApiKeyPolicies.Merchant, p => p.RequireRole(nameof(ApiKeyRole.Admin), nameof(ApiKeyRole.Merchant)))
            .AddPolicy(ApiKeyPolicies.Chat, p => p.RequireRole(nameof(ApiKeyRole.Admin), nameof(ApiKeyRole.Merchant), nameof(ApiKeyRole.Connector)));
        return services;
    }
}
