using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.Groups;

public sealed class GroupAdminCommandsTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private ChatBot.ChatBotClient Bot => server.App.ChatBot();

    private async Task<string> BoundGroupAsync()
    {
        var group = "admin-" + Guid.NewGuid().ToString("n");
        await server.App.Merchants().BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo", Platform = "console", GroupId = group, AdminUserIds = { "alice" },
        }, BotServerApp.Admin);
        return group;
    }

    private async Task<string> SayAsync(string group, string text, string user = "alice", bool mentionsBot = false) =>
        string.Join("\n", (await Bot.HandleMessageAsync(Messages.To(text, user: user, group: group, mentionsBot: mentionsBot), BotServerApp.Admin)).Replies.Select(r => r.Text));

    [Fact]
    public async Task AGroupAdminAddsARuleInTheChatAndTheNextMessageGetsIt()
    {
        var group = await BoundGroupAsync();

        var confirmation = await SayAsync(group, "/rule add 运费|邮费 => 全场包邮，满99发顺丰");
        var answer = await SayAsync(group, "邮费多少呀", user: "bob", mentionsBot: true);
        var listed = await SayAsync(group, "/rules");

        Assert.Contains("已保存规则 #", confirmation);
        Assert.Equal("全场包邮，满99发顺丰", answer);
        Assert.Contains("运费 | 邮费 => 全场包邮", listed);
    }

    [Fact]
    public async Task AGroupAdminTurnsARuleOffAndTheDefaultAnswerIsBack()
    {
        var group = await BoundGroupAsync();
        var saved = await SayAsync(group, "/rule add 发票 => 可以开电子发票");
        var id = saved.Split('#')[1].Split('：')[0];

        var off = await SayAsync(group, $"/rule off {id}");
        var answer = await SayAsync(group, "发票", user: "bob", mentionsBot: true);

        Assert.Equal($"规则 #{id} 已关闭。", off);
        Assert.NotEqual("可以开电子发票", answer);
    }

    [Fact]
    public async Task AGroupAdminSwitchesTheGroupToProactive()
    {
        var group = await BoundGroupAsync();
        var before = await SayAsync(group, "有没有500以内的蓝牙耳机", user: "bob");

        var confirmation = await SayAsync(group, "/mode proactive");
        var after = await SayAsync(group, "有没有500以内的蓝牙耳机", user: "bob");
        var settings = await server.App.Merchants().GetGroupSettingsAsync(new GetGroupSettingsRequest { MerchantId = "demo", Platform = "console", GroupId = group }, BotServerApp.Admin);

        Assert.Equal("", before);
        Assert.Contains("主动模式", confirmation);
        Assert.StartsWith("1. ", after.Split('\n')[1]);
        Assert.Equal(ReplyMode.Proactive, settings.ReplyMode);
        Assert.Equal(["alice"], settings.AdminUserIds);
    }

    [Fact]
    public async Task AGroupAdminSetsGroupBuyDefaults()
    {
        var group = await BoundGroupAsync();

        var confirmation = await SayAsync(group, "/groupbuy defaults size=3 hours=24");
        var refused = await SayAsync(group, "/groupbuy defaults size=80");
        var settings = await server.App.Merchants().GetGroupSettingsAsync(new GetGroupSettingsRequest { MerchantId = "demo", Platform = "console", GroupId = group }, BotServerApp.Admin);

        Assert.Equal("本群拼团默认：3 人成团，时限 24 小时，每人限购 不限。", confirmation);
        Assert.StartsWith("没有保存：", refused);
        Assert.Equal((3, TimeSpan.FromHours(24)), (settings.GroupBuyDefaults.TeamSize, settings.GroupBuyDefaults.Window.ToTimeSpan()));
    }

    [Theory]
    [InlineData("/rule add 运费 => 免费")]
    [InlineData("/mode proactive")]
    [InlineData("/rules")]
    public async Task SomeoneWhoIsNotAnAdminIsPolitelyRefused(string command)
    {
        var group = await BoundGroupAsync();

        var answer = await SayAsync(group, command, user: "mallory");
        var rules = await SayAsync(group, "/rules");

        Assert.Equal("抱歉，只有本群管理员可以使用这个命令。", answer);
        Assert.StartsWith("本群还没有自动回复规则", rules);
    }

    [Fact]
    public async Task AnAdminCannotChangeARuleOfAllGroupsFromOneGroup()
    {
        var group = await BoundGroupAsync();
        var global = await server.App.Merchants().UpsertReplyRuleAsync(new UpsertReplyRuleRequest
        {
            MerchantId = "demo",
            Rule = new ReplyRule { TriggerKind = TriggerKind.KeywordExact, Patterns = { "营业时间-" + group }, Templates = { [""] = "9:00-21:00" }, Enabled = true },
        }, BotServerApp.Admin);

        var answer = await SayAsync(group, $"/rule off {global.RuleId}");

        Assert.Contains("不是本群专属规则", answer);
    }
}
