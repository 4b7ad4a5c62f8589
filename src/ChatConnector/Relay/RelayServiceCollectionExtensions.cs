using ChatCommerce.Contracts.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Relay;

public static class RelayServiceCollectionExtensions
{
    /// <summary>The relay to the BotServer: a gRPC channel, the <see cref="RelayClient"/> and its pending queue.</summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, Action<RelayOptions> configure)
    {
        services.AddOptions<RelayOptions>()
            .BindConfiguration(RelayOptions.SectionName)
            .Configure(configure)
            .Validate(o => o.BotUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "Relay:BotUrl must be an absolute http:// or https:// URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "Relay:ApiKey is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectorId), "Relay:ConnectorId is required.")
            .Validate(
                o => o.HeartbeatInterval > TimeSpan.Zero && o.WelcomeTimeout > TimeSpan.Zero && o.CloseTimeout > TimeSpan.Zero
                    && o.InitialReconnectDelay > TimeSpan.Zero && o.MaxReconnectDelay >= o.InitialReconnectDelay,
                "Relay intervals must be positive and MaxReconnectDelay at least InitialReconnectDelay.")
            .Validate(o => o.MaxPendingMessages > 0 && o.DeduplicationWindow > 0, "Relay:MaxPendingMessages and Relay:DeduplicationWindow must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPendingMessageQueue>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RelayOptions>>().Value;
            return options.QueueDirectory is { Length: > 0 } directory
                ? FilePendingMessageQueue.Open(directory, options.MaxPendingMessages)
                : new InMemoryPendingMessageQueue(options.MaxPendingMessages);
        });
        services.AddSingleton(provider => CreateChannel(
            provider.GetRequiredService<IOptions<RelayOptions>>().Value.BotUrl,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new ChatBot.ChatBotClient(provider.GetRequiredService<GrpcChannel>()));
        services.AddSingleton<RelayClient>();
        return services;
    }

    /// <summary>
    /// A channel for one long-lived stream. http:// is plain-text HTTP/2 (h2c), which needs no TLS
    /// settings; the API key travels as per-call metadata, so no insecure call credentials either.
    /// </summary>
    public static GrpcChannel CreateChannel(Uri botUrl, ILoggerFactory loggerFactory) =>
        GrpcChannel.ForAddress(botUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // HTTP/2 pings notice a dead connection (a silent proxy, a pulled cable) between heartbeats.
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                EnableMultipleHttp2Connections = true,
            },
            LoggerFactory = loggerFactory,
            ThrowOperationCanceledOnCancellation = true,
        });
}
