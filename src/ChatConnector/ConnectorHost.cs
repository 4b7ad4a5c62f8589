using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.ChatConnector.Platforms.Console;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.ChatConnector.Platforms.Telegram;
using ChatCommerce.ChatConnector.Platforms.Webhook;
using ChatCommerce.ChatConnector.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ChatCommerce.ChatConnector;

/// <summary>The generic host behind <c>chatconnector run</c>: one platform, the relay, the worker between them.</summary>
public static class ConnectorHost
{
    // Adding a platform: a folder under Platforms/ with its IChatPlatform, and one line here.
    private static readonly Dictionary<string, Action<IServiceCollection, ConnectorSettings>> Platforms = new(StringComparer.Ordinal)
    {
        [ConsoleChatPlatform.PlatformName] = (services, settings) => services.AddConsolePlatform(options =>
        {
            options.GroupId = settings.GroupId;
            options.BotNick = settings.BotNick;
            options.Speaker = settings.User;
            options.AddressAll = settings.AddressAll;
        }),
        [IrcChatPlatform.PlatformName] = (services, settings) => services.AddIrcPlatform(options =>
        {
            var irc = settings.Irc ?? new IrcSettings("127.0.0.1", 6667, ["#" + settings.GroupId]);
            options.Host = irc.Host;
            options.Port = irc.Port;
            options.Channels = [.. irc.Channels];
            options.Password = irc.Password;
            options.Nick = settings.BotNick;
            options.UserName = settings.BotNick;
        }),
        [WebhookChatPlatform.PlatformName] = (services, settings) => services.AddWebhookPlatform(options =>
        {
            var webhook = settings.Webhook ?? new WebhookSettings(new Uri("http://127.0.0.1:8088"), new Uri("http://127.0.0.1:8089/replies"), "");
            options.ListenUrl = webhook.ListenUrl;
            options.ReplyUrl = webhook.ReplyUrl;
            options.Secret = webhook.Secret;
            options.SendRate = SendRate.PerMinute(webhook.PostsPerMinute);
            options.BotNick = settings.BotNick;
        }),
        [TelegramChatPlatform.PlatformName] = (services, settings) => services.AddTelegramPlatform(options =>
        {
            options.Token = settings.Telegram?.Token ?? "";
            options.ApiUrl = settings.Telegram?.ApiUrl;
        }),
    };

    public static IReadOnlyCollection<string> PlatformNames => Platforms.Keys;

    /// <param name="settings">What the command line asked for.</param>
    /// <param name="adjust">Last changes to the services, after the platform's (tests shorten retry delays with it).</param>
    public static IHost Build(ConnectorSettings settings, Action<IServiceCollection>? adjust = null)
    {
        // The command line was parsed already; none of it is configuration.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "chatconnector" });

        // The console platform owns stdout, so logs go to stderr and stay out of the chat transcript.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(settings.LogLevel);

        builder.Services.AddRelay(options =>
        {
            options.BotUrl = settings.BotUrl;
            options.ApiKey = settings.ApiKey;
            options.ConnectorId = settings.ConnectorId;
            options.QueueDirectory = settings.QueueDirectory;
        });
        Platforms[settings.Platform](builder.Services, settings);
        builder.Services.AddSingleton<ConnectorWorker>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ConnectorWorker>());
        adjust?.Invoke(builder.Services);

        return builder.Build();
    }

    /// <summary>Runs the connector until the platform ends, the user presses Ctrl+C, or the BotServer refuses it.</summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(ConnectorSettings settings, CancellationToken cancellationToken)
    {
        using var host = Build(settings);
        // RunAsync disposes the host's services, so take the worker out before.
        var worker = host.Services.GetRequiredService<ConnectorWorker>();
        await host.RunAsync(cancellationToken);
        return worker.Failed ? 1 : 0;
    }
}
