using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ChatCommerce.ChatConnector.Platforms.Webhook;

public static class WebhookPlatformServiceCollectionExtensions
{
    /// <summary>Serves a webhook group robot: an HTTP endpoint for its messages, signed POSTs with retries for the replies.</summary>
    public static IServiceCollection AddWebhookPlatform(this IServiceCollection services, Action<WebhookPlatformOptions> configure)
    {
        services.AddOptions<WebhookPlatformOptions>()
            .Configure(configure)
            .Validate(o => o.ListenUrl is { IsAbsoluteUri: true, Scheme: "http" }, "--webhook-listen must be an http:// URL such as http://127.0.0.1:8088.")
            .Validate(o => o.ReplyUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "--webhook-reply-url must be an absolute http:// or https:// URL.")
            .Validate(o => o.Secret.Length >= 16, "--webhook-secret must be at least 16 characters.")
            .Validate(o => o.MaxTextLength >= 16 && o.MaxRetryAttempts >= 0 && o.RetryBaseDelay > TimeSpan.Zero && o.SendRate.IsValid, "Webhook limits must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookChatPlatform.HttpClientName)
            .AddResilienceHandler("webhook-reply", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WebhookPlatformOptions>>().Value;
                // Retries 5xx, 408, 429 and connection failures; honours Retry-After.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });
        services.AddSingleton<WebhookChatPlatform>();
        services.AddSingleton<IChatPlatform>(provider => provider.GetRequiredService<WebhookChatPlatform>());
        return services;
    }
}
