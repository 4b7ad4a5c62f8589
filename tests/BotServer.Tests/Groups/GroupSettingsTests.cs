using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Groups;

public sealed class GroupSettingsTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Contracts.V1.Merchants.MerchantsClient Merchants => server.App.Merchants();
    private ChatBot.ChatBotClient Bot => server.App.ChatBot();

    private static string NewGroup() => "group-" + Guid.NewGuid().ToString("n");

    private Task<GroupSettings> BindAsync(string group, ReplyMode mode, string language = "") =>
        Merchants.BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo", Platform = "console", GroupId = group, ReplyMode = mode, Language = language,
        }, BotServerApp.Admin).ResponseAsync;

    [Fact]
    public async Task AGroupNobodyBoundHasMentionOnlyDefaults()
    {
        var settings = await Merchants.GetGroupSettingsAsync(
            new GetGroupSettingsRequest { MerchantId = "demo", Platform = "console", GroupId = NewGroup() }, BotServerApp.Admin);

        Assert.False(settings.Bound);
        Assert.Equal(ReplyMode.MentionOnly, settings.ReplyMode);
    }

    [Fact]
    public async Task ABoundGroupKeepsEverySetting()
    {
        var group = NewGroup();
        await Merchants.BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo",
            Platform = "IRC",
            GroupId = group,
            Language = "en",
            ReplyMode = ReplyMode.Proactive,
            WelcomeText = "Welcome {member}!",
            QuietHours = new QuietHours { Start = "22:00", End = "08:00", TimeZone = "Asia/Shanghai" },
            GroupBuyDefaults = new GroupBuyDefaults { TeamSize = 3, Window = Duration.FromTimeSpan(TimeSpan.FromHours(12)), PerUserLimit = 2 },
            AdminUserIds = { "alice", "alice", "bob" },
        }, BotServerApp.Admin);

        var settings = await Merchants.GetGroupSettingsAsync(
            new GetGroupSettingsRequest { MerchantId = "demo", Platform = "irc", GroupId = group }, BotServerApp.Admin);

        Assert.True(settings.Bound);
        Assert.Equal(("irc", "en", ReplyMode.Proactive, "Welcome {member}!"), (settings.Platform, settings.Language, settings.ReplyMode, settings.WelcomeText));
        Assert.Equal(("22:00", "08:00", "Asia/Shanghai"), (settings.QuietHours.Start, settings.QuietHours.End, settings.QuietHours.TimeZone));
        Assert.Equal((3, TimeSpan.FromHours(12), 2, false),
            (settings.GroupBuyDefaults.TeamSize, settings.GroupBuyDefaults.Window.ToTimeSpan(), settings.GroupBuyDefaults.PerUserLimit, settings.GroupBuyDefaults.VirtualFill));
        Assert.Equal(["alice", "bob"], settings.AdminUserIds);
    }

    [Fact]
    public async Task BadSettingsAreRefusedFieldByField()
    {
        var call = Merchants.BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo",
            Platform = "console",
            GroupId = "",
            Language = "fr",
            QuietHours = new QuietHours { Start = "25:00", End = "08:00", TimeZone = "Mars/Olympus" },
            GroupBuyDefaults = new GroupBuyDefaults { TeamSize = 51, Window = Duration.FromTimeSpan(TimeSpan.FromDays(8)) },
        }, BotServerApp.Admin);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "group_id", "language", "quiet_hours.start", "quiet_hours.time_zone", "group_buy_defaults.team_size", "group_buy_defaults.window" }, fields);
    }

    [Fact]
    public async Task AnotherMerchantsKeyCannotBindOrReadTheDemoMerchantsGroups()
    {
        var rival = server.App.NewMerchantKey("rival-" + Guid.NewGuid().ToString("n")[..8]);

        var bind = await Assert.ThrowsAsync<RpcException>(() => Merchants.BindGroupAsync(
            new BindGroupRequest { MerchantId = "demo", Platform = "console", GroupId = NewGroup() }, rival).ResponseAsync);
        var read = await Assert.ThrowsAsync<RpcException>(() => Merchants.GetGroupSettingsAsync(
            new GetGroupSettingsRequest { MerchantId = "demo", Platform = "console", GroupId = "g1" }, rival).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, bind.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
    }

    [Fact]
    public async Task AConnectorKeyCannotChangeGroupSettings()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.BindGroupAsync(
            new BindGroupRequest { Platform = "console", GroupId = NewGroup(), ReplyMode = ReplyMode.Proactive },
            BotServerApp.Key(server.App.DemoConnectorKey())).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task AMentionOnlyGroupIgnoresUnaddressedShoppingTalk()
    {
        var group = NewGroup();
        await BindAsync(group, ReplyMode.MentionOnly);

        var response = await Bot.HandleMessageAsync(Messages.To("有没有500以内的蓝牙耳机推荐", group: group, mentionsBot: false), BotServerApp.Admin);

        Assert.Empty(response.Replies);
    }

    [Fact]
    public async Task AProactiveGroupAnswersUnaddressedShoppingTalkButNotChatter()
    {
        var group = NewGroup();
        await BindAsync(group, ReplyMode.Proactive);

        var search = await Bot.HandleMessageAsync(Messages.To("有没有500以内的蓝牙耳机", group: group, mentionsBot: false), BotServerApp.Admin);
        var chatter = await Bot.HandleMessageAsync(Messages.To("今晚吃火锅吗", group: group, mentionsBot: false), BotServerApp.Admin);
        var greeting = await Bot.HandleMessageAsync(Messages.To("hi everyone", group: group, mentionsBot: false), BotServerApp.Admin);

        Assert.NotEmpty(Assert.Single(search.Replies).ProductIds);
        Assert.Empty(chatter.Replies);
        Assert.Empty(greeting.Replies);
    }

    [Fact]
    public async Task SwitchingAGroupToProactiveAppliesToTheVeryNextMessage()
    {
        var group = NewGroup();
        await BindAsync(group, ReplyMode.MentionOnly);
        var before = await Bot.HandleMessageAsync(Messages.To("recommend some wireless earbuds under 500", group: group, mentionsBot: false), BotServerApp.Admin);

        await BindAsync(group, ReplyMode.Proactive);
        var after = await Bot.HandleMessageAsync(Messages.To("recommend some wireless earbuds under 500", group: group, mentionsBot: false), BotServerApp.Admin);

        Assert.Empty(before.Replies);
        Assert.Single(after.Replies);
    }

    [Fact]
    public async Task ACommandNeedsNoMention()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("/help", group: NewGroup(), mentionsBot: false), BotServerApp.Admin);

        Assert.Equal("help", response.Intent.Intent);
        Assert.Single(response.Replies);
    }

    [Fact]
    public async Task TheGroupLanguageDecidesTheReplyLanguage()
    {
        var group = NewGroup();
        await BindAsync(group, ReplyMode.MentionOnly, language: "en");

        var response = await Bot.HandleMessageAsync(Messages.To("帮助", group: group), BotServerApp.Admin);

        Assert.Equal("en", response.Intent.Language);
        Assert.Contains("recommend", Assert.Single(response.Replies).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnAnswerToTheBotsQuestionNeedsNoMention()
    {
        var group = NewGroup();
        var question = await Bot.HandleMessageAsync(Messages.To("想给我妈挑个生日礼物", group: group), BotServerApp.Admin);

        var answer = await Bot.HandleMessageAsync(Messages.To("300以内吧", group: group, mentionsBot: false), BotServerApp.Admin);

        Assert.Single(question.Replies);
        Assert.NotEmpty(Assert.Single(answer.Replies).ProductIds);
    }

    [Fact]
    public async Task TheAdminKeyWithoutAMerchantIsAnsweredByTheMerchantThatBoundTheGroup()
    {
        var merchant = "bound-" + Guid.NewGuid().ToString("n")[..8];
        var key = server.App.NewMerchantKey(merchant);
        var group = NewGroup();
        await Merchants.BindGroupAsync(new BindGroupRequest { Platform = "console", GroupId = group }, key);

        var response = await Bot.HandleMessageAsync(Messages.To("help", group: group), BotServerApp.Admin);

        Assert.Equal(merchant, response.MerchantId);
    }
}
