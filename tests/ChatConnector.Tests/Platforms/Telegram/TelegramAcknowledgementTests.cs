using ChatCommerce.ChatConnector.Platforms.Telegram;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Telegram;

/// <summary>
/// Telegram forgets an update once getUpdates asks from a later offset. The platform asks so only
/// when the connector holds the message, so a connector that stops (or crashes) before that gets
/// the message again from Telegram.
/// </summary>
public sealed class TelegramAcknowledgementTests : IAsyncLifetime
{
    private const long Chat = -100500;
    private const long Alice = 1001;
    private FakeBotApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AMessageTheConnectorDidNotHoldYetComesAgainAfterARestart()
    {
        var first = await StartedAsync();
        _api.Say(Chat, Alice, "alice", "one");
        var handedOver = await NextAsync(first);
        await first.StopAsync(CancellationToken.None);

        var second = await StartedAsync();
        var again = await NextAsync(second);
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(("one", "one"), (handedOver.Text, again.Text));
    }

    [Fact]
    public async Task AMessageTheConnectorHoldsIsConfirmedAndNotSeenAgainAfterARestart()
    {
        var first = await StartedAsync();
        _api.Say(Chat, Alice, "alice", "one");
        var held = await NextAsync(first);
        first.OnQueued(held);
        await _api.Offsets.WaitForAsync(offsets => offsets.Contains(2));
        await first.StopAsync(CancellationToken.None);

        var second = await StartedAsync();
        _api.Say(Chat, Alice, "alice", "two");
        var next = await NextAsync(second);
        await second.StopAsync(CancellationToken.None);

        Assert.Equal("two", next.Text);
    }

    private async Task<TelegramChatPlatform> StartedAsync()
    {
        var options = new TelegramPlatformOptions { Token = FakeBotApi.Token, ApiUrl = _api.Url, LongPollSeconds = 1 };
        var platform = new TelegramChatPlatform(
            new TelegramBotClient(new TelegramBotClientOptions(options.Token, options.ApiUrl.ToString())),
            Options.Create(options), TimeProvider.System, NullLogger<TelegramChatPlatform>.Instance);
        await platform.StartAsync(CancellationToken.None);
        return platform;
    }

    private static async Task<ChatMessage> NextAsync(TelegramChatPlatform platform)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var message in platform.ReadMessagesAsync(timeout.Token))
        {
            return message;
        }
        throw new InvalidOperationException("the platform stopped before a message came");
    }
}
