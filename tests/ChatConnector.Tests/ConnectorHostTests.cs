using ChatCommerce.ChatConnector.Platforms;
using ChatCommerce.ChatConnector.Platforms.Console;
using ChatCommerce.ChatConnector.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Tests;

public sealed class ConnectorHostTests
{
    private static readonly ConnectorSettings Settings = new(
        "console", new Uri("http://127.0.0.1:5080"), "KEY", "console-1", "demo-group", "dealbot", "alice", false, LogLevel.Warning)
    {
        Webhook = new WebhookSettings(new Uri("http://127.0.0.1:0"), new Uri("http://127.0.0.1:9/replies"), "0123456789abcdef"),
        Telegram = new TelegramSettings("123456:TEST"),
    };

    [Fact]
    public void HostWiresTheConsolePlatformToTheRelayWithTheCommandLineSettings()
    {
        using var host = ConnectorHost.Build(Settings);

        Assert.IsType<ConsoleChatPlatform>(host.Services.GetRequiredService<IChatPlatform>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is ConnectorWorker);
        Assert.NotNull(host.Services.GetRequiredService<RelayClient>());
        var relay = host.Services.GetRequiredService<IOptions<RelayOptions>>().Value;
        Assert.Equal(new Uri("http://127.0.0.1:5080"), relay.BotUrl);
        Assert.Equal("KEY", relay.ApiKey);
        Assert.Equal("console-1", relay.ConnectorId);
        var console = host.Services.GetRequiredService<IOptions<ConsolePlatformOptions>>().Value;
        Assert.Equal(("demo-group", "dealbot", "alice", false), (console.GroupId, console.BotNick, console.Speaker, console.AddressAll));
    }

    [Fact]
    public void EveryPlatformTheCommandLineOffersCanBeBuilt()
    {
        Assert.All(ConnectorHost.PlatformNames, name =>
        {
            using var host = ConnectorHost.Build(Settings with { Platform = name });
            Assert.Equal(name, host.Services.GetRequiredService<IChatPlatform>().Name);
        });
    }
}
