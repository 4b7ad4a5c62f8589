using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatCommerce.ChatConnector.Platforms.Irc;

public static class IrcPlatformServiceCollectionExtensions
{
    /// <summary>Serves IRC channels as the connector's chat platform.</summary>
    public static IServiceCollection AddIrcPlatform(this IServiceCollection services, Action<IrcPlatformOptions> configure)
    {
        services.AddOptions<IrcPlatformOptions>()
            .Configure(configure)
            .Validate(o => o.Channels.Count > 0 && o.Channels.All(IrcLine.IsChannel), "IRC needs at least one channel, each starting with '#', '&', '+' or '!'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Nick) && !o.Nick.Any(c => char.IsWhiteSpace(c) || c is ',' or ':' or '@' or '!'), "The IRC nick must not be empty or contain spaces, ',', ':', '@' or '!'.")
            .Validate(o => o.Port is > 0 and < 65536 && o.SendRate.IsValid && o.IdleTimeout > TimeSpan.Zero, "The IRC port must be 1–65535, the send rate and idle timeout positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IrcChatPlatform>();
        services.AddSingleton<IChatPlatform>(provider => provider.GetRequiredService<IrcChatPlatform>());
        return services;
    }
}
