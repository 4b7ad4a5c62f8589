using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using static ChatCommerce.BotServer.Tests.GroupBuys.GroupBuyTestData;

namespace ChatCommerce.BotServer.Tests.Conversation;

/// <summary>
/// A connector may send a message again (after a reconnect, a retry): for half an hour the bot
/// answers it as it did the first time, without handling it again; after that it is a new message.
/// </summary>
public sealed class ResentMessagesTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
    private readonly BotServerApp _app;

    public ResentMessagesTests() => _app = new BotServerApp(time: _time);

    [Fact]
    public async Task AMessageSentAgainWithinHalfAnHourGetsItsFirstAnswerAndLaterIsHandledAnew()
    {
        var question = Messages.To("拼团进度", group: "resent");
        var first = await _app.ChatBot().HandleMessageAsync(question, BotServerApp.Admin);
        var product = await ProductAsync(_app, stock: 10);
        await StartAsync(_app, product, teamSize: 3, group: "resent", window: TimeSpan.FromHours(2));

        _time.Advance(TimeSpan.FromMinutes(29));
        var resent = await _app.ChatBot().HandleMessageAsync(question, BotServerApp.Admin);
        _time.Advance(TimeSpan.FromMinutes(2));
        var later = await _app.ChatBot().HandleMessageAsync(question, BotServerApp.Admin);

        Assert.Equal(first.Replies, resent.Replies);
        Assert.DoesNotContain(first.Replies, r => r.Text.Contains(product, StringComparison.Ordinal));
        Assert.Contains(later.Replies, r => r.Text.Contains(product, StringComparison.Ordinal));
    }

    public void Dispose() => _app.Dispose();
}
