using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Platforms.Console;

public static class ConsolePlatformServiceCollectionExtensions
{
    /// <summary>Serves the terminal (stdin/stdout) as the connector's chat platform.</summary>
    public static IServiceCollection AddConsolePlatform(this IServiceCollection services, Action<ConsolePlatformOptions> configure)
    {
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IChatPlatform>(provider => new ConsoleChatPlatform(
            System.Console.In,
            System.Console.Out,
            provider.GetRequiredService<IOptions<ConsolePlatformOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
