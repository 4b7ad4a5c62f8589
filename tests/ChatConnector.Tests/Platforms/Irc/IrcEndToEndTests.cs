using System.Net;
using System.Net.Sockets;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.ChatConnector.Tests.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Irc;

/// <summary>ngircd + the real BotServer + the connector, with alice and bob in the channel on raw IRC connections.</summary>
public sealed class IrcEndToEndTests : IAsyncLifetime
{
    private const string Channel = "#deals";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReconnectPatience = TimeSpan.FromSeconds(45);

    private readonly string _data = BotServerHost.NewDataDirectory();
    private readonly int _botPort = FreePort();
    private NgircdServer _irc = null!;
    private IrcTestClient _alice = null!;
    private IrcTestClient _bob = null!;

    public async Task InitializeAsync()
    {
        _irc = await NgircdServer.StartAsync();
        _alice = await IrcTestClient.ConnectAsync(_irc.Port, "alice");
        _bob = await IrcTestClient.ConnectAsync(_irc.Port, "bob");
        await _alice.JoinAsync(Channel);
        await _bob.JoinAsync(Channel);
    }

    [Fact]
    public async Task AliceStartsAGroupBuyFromTheListBobJoinsWithPlusOneAndTheSuccessMentionsBoth()
    {
        using var botServer = BotServerHost.At(_data, _botPort);
        using var connector = await StartConnectorAsync(botServer.GrpcAddress);

        await _alice.SayAsync(Channel, "shopbot: 推荐一款500元以内的耳机");
        await WaitForBotAsync(text => text.Contains("1. ", StringComparison.Ordinal));
        await _alice.SayAsync(Channel, "shopbot: 拼第1个，2人团");
        await WaitForBotAsync(text => text.Contains("【拼团 GB-", StringComparison.Ordinal));
        await _bob.SayAsync(Channel, "+1");

        var success = await WaitForBotAsync(text => text.Contains("拼团成功", StringComparison.Ordinal));
        Assert.Contains("@alice", success);
        Assert.Contains("@bob", success);
        await connector.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AMessageSaidWhileTheBotServerIsDownIsAnsweredOnceAfterItComesBack()
    {
        using var connector = await StartWithBotServerThenStopItAsync();

        await _bob.SayAsync(Channel, "shopbot: 有没有猫砂");
        using (var restarted = BotServerHost.At(_data, _botPort))
        {
            _ = restarted.GrpcAddress;
            await WaitForBotAsync(IsCatLitterList, ReconnectPatience);
            // A later question answered means anything still in flight for the first one has arrived too.
            await _alice.SayAsync(Channel, "shopbot: 帮助");
            await WaitForBotAsync(text => text.Contains("推荐", StringComparison.Ordinal) && !IsCatLitterList(text));

            Assert.Single(_bob.MessagesFrom("shopbot", Channel), m => IsCatLitterList(m.Text));
            await connector.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    private async Task<IHost> StartWithBotServerThenStopItAsync()
    {
        var first = BotServerHost.At(_data, _botPort);
        var connector = await StartConnectorAsync(first.GrpcAddress);
        await _alice.SayAsync(Channel, "shopbot: 你好");
        await WaitForBotAsync(text => text.Contains("你好", StringComparison.Ordinal));
        first.Dispose();
        return connector;
    }

    // The first line of the bot's list answer to "有没有猫砂".
    private static bool IsCatLitterList(string text) => text.Contains("为你找到这些", StringComparison.Ordinal);

    private async Task<string> WaitForBotAsync(Func<string, bool> matches, TimeSpan? patience = null)
    {
        try
        {
            await _bob.Received.WaitForAsync(_ => _bob.MessagesFrom("shopbot", Channel).Any(m => matches(m.Text)), patience ?? Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The bot said only: " + string.Join(" | ", _bob.MessagesFrom("shopbot", Channel).Select(m => m.Text)));
        }
        return _bob.MessagesFrom("shopbot", Channel).First(m => matches(m.Text)).Text;
    }

    private async Task<IHost> StartConnectorAsync(Uri botUrl)
    {
        var settings = new ConnectorSettings("irc", botUrl, BotServerHost.AdminKey, "irc-e2e", "deals", "shopbot", "me", false, LogLevel.Warning)
        {
            Irc = new IrcSettings("127.0.0.1", _irc.Port, [Channel]),
        };
        // Faster pacing than a real network wants, so a roster of several lines does not take seconds.
        var host = ConnectorHost.Build(settings, services => services.PostConfigure<IrcPlatformOptions>(options =>
            options.SendRate = new ChatConnector.Outbound.SendRate(20, TimeSpan.FromMilliseconds(50))));
        await host.StartAsync();
        await host.Services.GetRequiredService<IrcChatPlatform>().WaitUntilJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _irc.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
