using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace ChatCommerce.ChatConnector.Platforms.Telegram;

public static class TelegramPlatformServiceCollectionExtensions
{
    public const string HttpClientName = "telegram";

    /// <summary>Serves Telegram groups through the Bot API as the connector's chat platform.</summary>
    public static IServiceCollection AddTelegramPlatform(this IServiceCollection services, Action<TelegramPlatformOptions> configure)
    {
        services.AddOptions<TelegramPlatformOptions>()
            .Configure(configure)
            .Validate(o => o.Token.Contains(':'), "--telegram-token must be the bot token from @BotFather, '123456789:AA…'.")
            .Validate(o => o.ApiUrl is null || o.ApiUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "--telegram-api-url must be an absolute http:// or https:// URL.")
            .Validate(o => o.LongPollSeconds is >= 0 and <= 50 && o.SendRate.IsValid, "Telegram long polling takes 0–50 s and the send rate must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // No request logging: the Bot API puts the token in every URL.
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(70)).RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TelegramPlatformOptions>>().Value;
            return new TelegramBotClient(
                // "Too Many Requests: retry after N" with N ≤ 60 s is waited out and retried by the library, up to 3 times.
                new TelegramBotClientOptions(options.Token, options.ApiUrl?.ToString()) { RetryThreshold = 60, RetryCount = 3 },
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName));
        });
        services.AddSingleton<TelegramChatPlatform>();
        services.AddSingleton<IChatPlatform>(provider => provider.GetRequiredService<TelegramChatPlatform>());
        return services;
    }
}
