using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Rules;

public sealed class ReplyRulesServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Contracts.V1.Merchants.MerchantsClient Merchants => server.App.Merchants();
    private ChatBot.ChatBotClient Bot => server.App.ChatBot();

    private static string NewGroup() => "rules-" + Guid.NewGuid().ToString("n");

    private static ReplyRule Keyword(string keyword, string reply, string group, TimeSpan? cooldown = null) => new()
    {
        Name = keyword,
        TriggerKind = TriggerKind.KeywordContains,
        Patterns = { keyword },
        GroupScopes = { "console/" + group },
        Templates = { [""] = reply },
        Enabled = true,
        Cooldown = Duration.FromTimeSpan(cooldown ?? TimeSpan.Zero),
    };

    private async Task<IReadOnlyList<FieldViolation>> RefusedAsync(ReplyRule rule)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.UpsertReplyRuleAsync(
            new UpsertReplyRuleRequest { MerchantId = "demo", Rule = rule }, BotServerApp.Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => new FieldViolation(v.Field, v.Description)).ToList();
    }

    private sealed record FieldViolation(string Field, string Description);

    [Fact]
    public async Task ARuleAddedOverGrpcChangesTheVeryNextReplyAndItsCooldownHolds()
    {
        var group = NewGroup();
        var before = await Bot.HandleMessageAsync(Messages.To("运费怎么算", group: group), BotServerApp.Admin);

        var rule = await Merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest
        {
            MerchantId = "demo",
            Rule = Keyword("运费", "{sender}，全场包邮，满99发顺丰", group, TimeSpan.FromMinutes(10)),
        }, BotServerApp.Admin);
        var after = await Bot.HandleMessageAsync(Messages.To("运费怎么算", user: "bob", group: group), BotServerApp.Admin);
        var again = await Bot.HandleMessageAsync(Messages.To("运费怎么算", user: "carol", group: group), BotServerApp.Admin);

        Assert.DoesNotContain(before.Replies, r => r.Text.Contains("包邮"));
        Assert.Equal("bob，全场包邮，满99发顺丰", Assert.Single(after.Replies).Text);
        Assert.DoesNotContain(again.Replies, r => r.Text.Contains("包邮"));
        Assert.NotEmpty(rule.RuleId);
    }

    [Fact]
    public async Task InAProactiveGroupARuleAnswersWithoutAMention()
    {
        var group = NewGroup();
        await Merchants.BindGroupAsync(new BindGroupRequest { MerchantId = "demo", Platform = "console", GroupId = group, ReplyMode = ReplyMode.Proactive }, BotServerApp.Admin);
        await Merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest { MerchantId = "demo", Rule = Keyword("发票", "可以开电子发票", group) }, BotServerApp.Admin);

        var proactive = await Bot.HandleMessageAsync(Messages.To("能开发票吗", group: group, mentionsBot: false), BotServerApp.Admin);

        Assert.Equal("可以开电子发票", Assert.Single(proactive.Replies).Text);
    }

    [Fact]
    public async Task AnInvalidRegexIsRefusedWhenSavedNamingThePattern()
    {
        var violations = await RefusedAsync(new ReplyRule
        {
            TriggerKind = TriggerKind.Regex, Patterns = { "(unclosed" }, Templates = { [""] = "hi" }, Enabled = true,
        });

        Assert.Equal("rule.patterns[0]", Assert.Single(violations).Field);
    }

    [Fact]
    public async Task AnUnknownPlaceholderIsRefusedWhenSavedNamingTheTemplateAndThePlaceholder()
    {
        var violations = await RefusedAsync(Keyword("运费", "{customer} 你好", NewGroup()));

        var violation = Assert.Single(violations);
        Assert.Equal("rule.templates[]", violation.Field);
        Assert.Contains("{customer}", violation.Description);
    }

    [Fact]
    public async Task ARuleWithoutATriggerKindOrRepliesIsRefusedFieldByField()
    {
        var violations = await RefusedAsync(new ReplyRule { Patterns = { "x" } });

        Assert.Contains(violations, v => v.Field == "rule.trigger_kind");
        Assert.Contains(violations, v => v.Field == "rule.templates");
    }

    [Fact]
    public async Task RulesAreListedHighestPriorityFirstAndCanBeDeleted()
    {
        var merchant = "rules-" + Guid.NewGuid().ToString("n")[..8];
        var key = server.App.NewMerchantKey(merchant);
        foreach (var priority in new[] { 1, 7, 3 })
        {
            var rule = Keyword("k" + priority, "r" + priority, "g1");
            rule.Priority = priority;
            await Merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest { Rule = rule }, key);
        }

        var listed = await Merchants.ListReplyRulesAsync(new ListReplyRulesRequest { PageSize = 2 }, key);
        var rest = await Merchants.ListReplyRulesAsync(new ListReplyRulesRequest { PageToken = listed.NextPageToken }, key);
        await Merchants.DeleteReplyRuleAsync(new DeleteReplyRuleRequest { RuleId = listed.Rules[0].RuleId }, key);
        var afterDelete = await Merchants.ListReplyRulesAsync(new ListReplyRulesRequest(), key);

        Assert.Equal([7, 3, 1], listed.Rules.Concat(rest.Rules).Select(r => r.Priority));
        Assert.Equal("", rest.NextPageToken);
        Assert.Equal([3, 1], afterDelete.Rules.Select(r => r.Priority));
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameRequestIdMakesOneRule()
    {
        var merchant = "retry-" + Guid.NewGuid().ToString("n")[..8];
        var key = server.App.NewMerchantKey(merchant);
        var request = new UpsertReplyRuleRequest { RequestId = "same", Rule = Keyword("运费", "包邮", "g1") };

        var first = await Merchants.UpsertReplyRuleAsync(request, key);
        var again = await Merchants.UpsertReplyRuleAsync(request, key);

        Assert.Equal(first.RuleId, again.RuleId);
        Assert.Single((await Merchants.ListReplyRulesAsync(new ListReplyRulesRequest(), key)).Rules);
    }

    [Fact]
    public async Task AnotherMerchantCanNeitherSeeNorDeleteTheseRules()
    {
        var demoRule = await Merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest { MerchantId = "demo", Rule = Keyword("秘密", "demo only", NewGroup()) }, BotServerApp.Admin);
        var rival = server.App.NewMerchantKey("rival-" + Guid.NewGuid().ToString("n")[..8]);

        var list = await Assert.ThrowsAsync<RpcException>(() => Merchants.ListReplyRulesAsync(new ListReplyRulesRequest { MerchantId = "demo" }, rival).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => Merchants.DeleteReplyRuleAsync(new DeleteReplyRuleRequest { RuleId = demoRule.RuleId }, rival).ResponseAsync);
        var own = await Merchants.ListReplyRulesAsync(new ListReplyRulesRequest(), rival);

        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        Assert.Equal(StatusCode.NotFound, delete.StatusCode);
        Assert.Empty(own.Rules);
    }
}
