using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Rules;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.BotServer.Tests.Rules;

public sealed class ReplyRuleResponderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));
    private readonly LiteDbContext _db;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
    private readonly ReplyRuleBook _book;
    private readonly ReplyRuleResponder _responder;

    public ReplyRuleResponderTests()
    {
        _db = new LiteDbContext(Options.Create(new StorageOptions { Directory = _directory }));
        _book = new ReplyRuleBook(new LiteDbReplyRuleStore(_db), _time);
        _responder = new ReplyRuleResponder(_book, [new SenderOnly()], _time, NullLogger<ReplyRuleResponder>.Instance);
    }

    private sealed class SenderOnly : ITemplateValues
    {
        public string? Value(string placeholder, Turn turn) => placeholder == "sender" ? turn.Message.DisplayName : null;
    }

    private ReplyRule Save(string keyword, string reply, int priority = 0, TimeSpan? cooldown = null, string[]? scopes = null, string? replyEn = null)
    {
        var templates = new Dictionary<string, string> { [""] = reply };
        if (replyEn is not null)
        {
            templates["en"] = replyEn;
        }
        return _book.Upsert("m1", new ReplyRule
        {
            TriggerKind = TriggerKind.KeywordContains,
            Patterns = [keyword],
            Templates = templates,
            Priority = priority,
            Enabled = true,
            Cooldown = cooldown ?? TimeSpan.Zero,
            GroupScopes = (scopes ?? []).ToList(),
        }, requestId: "");
    }

    private async Task<string?> AnswerAsync(string text, string group = "g1", string language = "zh")
    {
        var message = new IncomingMessage("m1", "console", group, Guid.NewGuid().ToString("n"), "u1", "小明", text, true, [], _time.GetUtcNow());
        var turn = new Turn(message, new IntentResult(IntentNames.None, 0.5, language, []), new GroupContext());
        return (await _responder.TryRespondAsync(turn, addressed: true, CancellationToken.None))?.Single().Text;
    }

    [Fact]
    public async Task AMatchingRuleAnswersWithItsTemplateFilled()
    {
        Save("运费", "{sender}，全场包邮");

        Assert.Equal("小明，全场包邮", await AnswerAsync("运费多少"));
        Assert.Null(await AnswerAsync("今晚吃火锅吗"));
    }

    [Fact]
    public async Task TheHighestPriorityMatchingRuleWins()
    {
        Save("运费", "普通运费说明", priority: 1);
        Save("运费", "双十一全场包邮", priority: 10);

        Assert.Equal("双十一全场包邮", await AnswerAsync("运费呢"));
    }

    [Fact]
    public async Task ARuleStaysQuietInAGroupForItsCooldownThenFiresAgain()
    {
        Save("运费", "全场包邮", cooldown: TimeSpan.FromMinutes(5));

        var first = await AnswerAsync("运费？");
        var again = await AnswerAsync("运费？？");
        var elsewhere = await AnswerAsync("运费？", group: "g2");
        _time.Advance(TimeSpan.FromMinutes(5));
        var later = await AnswerAsync("运费？");

        Assert.Equal(("全场包邮", null, "全场包邮", "全场包邮"), (first, again, elsewhere, later));
    }

    [Fact]
    public async Task OfManySimultaneousMessagesOnlyOneFiresARuleWithACooldown()
    {
        Save("运费", "全场包邮", cooldown: TimeSpan.FromMinutes(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => AnswerAsync("运费"))));

        Assert.Single(answers, a => a is not null);
    }

    [Fact]
    public async Task AScopedRuleAnswersOnlyInItsGroups()
    {
        Save("运费", "本群包邮", scopes: ["console/g2"]);

        Assert.Null(await AnswerAsync("运费", group: "g1"));
        Assert.Equal("本群包邮", await AnswerAsync("运费", group: "g2"));
    }

    [Fact]
    public async Task TheTemplateInTheMessagesLanguageIsChosen()
    {
        Save("shipping", "全场包邮", replyEn: "Free shipping on everything");

        Assert.Equal("Free shipping on everything", await AnswerAsync("shipping?", language: "en"));
        Assert.Equal("全场包邮", await AnswerAsync("shipping?", language: "zh"));
    }

    [Fact]
    public async Task ADisabledRuleNeverAnswersAndAnEditAppliesAtOnce()
    {
        var rule = Save("运费", "全场包邮");
        rule.Enabled = false;
        _book.Upsert("m1", rule, requestId: "");
        var whileOff = await AnswerAsync("运费");
        rule.Enabled = true;
        rule.Templates[""] = "满99包邮";
        _book.Upsert("m1", rule, requestId: "");

        Assert.Null(whileOff);
        Assert.Equal("满99包邮", await AnswerAsync("运费"));
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
