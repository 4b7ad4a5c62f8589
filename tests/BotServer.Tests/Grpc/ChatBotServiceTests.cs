using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Grpc;

public sealed class ChatBotServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private ChatBot.ChatBotClient Bot => server.App.ChatBot();

    [Fact]
    public async Task HelpIsAnsweredWithWhatTheBotCanDo()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("help"), BotServerApp.Admin);

        Assert.Equal("help", response.Intent.Intent);
        Assert.Equal("demo", response.MerchantId);
        var reply = Assert.Single(response.Replies);
        Assert.Contains("recommend", reply.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ChineseHelpIsAnsweredInChinese()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("帮助"), BotServerApp.Admin);

        Assert.Equal("zh", response.Intent.Language);
        Assert.Contains("推荐", Assert.Single(response.Replies).Text);
    }

    [Fact]
    public async Task AskingForEarbudsListsNumberedEarbudsFromTheDemoCatalog()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("推荐耳机"), BotServerApp.Admin);

        var reply = Assert.Single(response.Replies);
        Assert.InRange(reply.ProductIds.Count, 1, 5);
        Assert.StartsWith("1. ", reply.Text.Split('\n')[1]);
        var first = await server.App.Catalog().GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = reply.ProductIds[0] }, BotServerApp.Admin);
        Assert.Contains("耳机", first.Title + string.Join(' ', first.Aliases));
    }

    [Fact]
    public async Task ABudgetKeepsEveryListedProductWithinIt()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("推荐一款500元以内的耳机"), BotServerApp.Admin);

        var reply = Assert.Single(response.Replies);
        Assert.NotEmpty(reply.ProductIds);
        foreach (var id in reply.ProductIds)
        {
            var product = await server.App.Catalog().GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = id }, BotServerApp.Admin);
            Assert.True(product.Price.Units <= 500 || product.GroupPriceTiers.Any(t => t.Price.Units <= 500), $"{id} costs {product.Price.Units}");
        }
    }

    [Theory]
    [InlineData("第2个多少钱", "zh")]
    [InlineData("how much is the 2nd one", "en")]
    [InlineData("#2 price?", "en")]
    public async Task AnOrdinalRefersToTheGroupsLastList(string question, string language)
    {
        var group = "ordinal-" + Guid.NewGuid().ToString("n");
        var list = await Bot.HandleMessageAsync(Messages.To("有没有耳机", group: group), BotServerApp.Admin);
        var second = await server.App.Catalog().GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = Assert.Single(list.Replies).ProductIds[1] }, BotServerApp.Admin);

        var answer = await Bot.HandleMessageAsync(Messages.To(question, user: "bob", group: group), BotServerApp.Admin);

        var reply = Assert.Single(answer.Replies);
        Assert.Equal([second.ProductId], reply.ProductIds);
        Assert.Contains(language == "en" ? second.TitleEn : second.TitleZh, reply.Text);
        Assert.Contains("¥" + second.Price.Units, reply.Text);
    }

    [Fact]
    public async Task AnOrdinalInAnotherGroupDoesNotSeeThisGroupsList()
    {
        await Bot.HandleMessageAsync(Messages.To("有没有耳机", group: "list-here"), BotServerApp.Admin);

        var answer = await Bot.HandleMessageAsync(Messages.To("第2个多少钱", group: "no-list-there"), BotServerApp.Admin);

        Assert.DoesNotContain(answer.Replies, r => r.ProductIds.Count == 1);
    }

    [Fact]
    public async Task AGiftRequestWithoutABudgetIsAskedOnceThenAnsweredWithinTheBudgetGiven()
    {
        var group = "gift-" + Guid.NewGuid().ToString("n");

        var question = await Bot.HandleMessageAsync(Messages.To("想送妈妈一个生日礼物", group: group), BotServerApp.Admin);
        var picks = await Bot.HandleMessageAsync(Messages.To("300以内吧", group: group), BotServerApp.Admin);

        Assert.Equal("gift", question.Intent.Intent);
        Assert.Empty(Assert.Single(question.Replies).ProductIds);
        Assert.Contains("预算", question.Replies[0].Text);
        var list = Assert.Single(picks.Replies);
        Assert.NotEmpty(list.ProductIds);
        foreach (var id in list.ProductIds)
        {
            var product = await server.App.Catalog().GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = id }, BotServerApp.Admin);
            Assert.True(product.Price.Units <= 300 || product.GroupPriceTiers.Any(t => t.Price.Units <= 300), $"{id} costs {product.Price.Units}");
        }
    }

    [Fact]
    public async Task ChatterNotAddressedToTheBotGetsNoReply()
    {
        var response = await Bot.HandleMessageAsync(Messages.To("今晚吃火锅吗", mentionsBot: false), BotServerApp.Admin);

        Assert.Empty(response.Replies);
    }

    [Fact]
    public async Task TheSameMessageSentTwiceGetsTheSameAnswer()
    {
        var message = Messages.To("推荐耳机");

        var first = await Bot.HandleMessageAsync(message, BotServerApp.Admin);
        var second = await Bot.HandleMessageAsync(message, BotServerApp.Admin);

        Assert.Equal(first.Replies, second.Replies);
    }

    [Fact]
    public async Task ACallWithoutAnApiKeyIsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(Messages.To("help")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("x-api-key", error.Status.Detail);
    }

    [Fact]
    public async Task AWrongApiKeyIsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(Messages.To("help"), BotServerApp.Key("cck_0000_nope")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task AnEmptyGroupIdIsRefusedWithAFieldViolation()
    {
        var message = Messages.To("help");
        message.GroupId = "";

        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(message, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(BadRequestOf(error).FieldViolations, v => v.Field == "group_id");
    }

    [Fact]
    public async Task OverLongTextIsRefusedWithAFieldViolation()
    {
        var message = Messages.To(new string('买', 4001));

        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(message, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(BadRequestOf(error).FieldViolations, v => v.Field == "text" && v.Description.Contains("4000"));
    }

    [Fact]
    public async Task TheAdminKeyNamingAnUnknownMerchantIsNotFound()
    {
        var message = Messages.To("help");
        message.MerchantId = "nobody";

        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(message, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task TheDemoConnectorKeyMayChatButNotActForAnotherMerchant()
    {
        var key = BotServerApp.Key(server.App.DemoConnectorKey());
        var ok = await Bot.HandleMessageAsync(Messages.To("hi"), key);
        var message = Messages.To("hi");
        message.MerchantId = "other";

        var error = await Assert.ThrowsAsync<RpcException>(() => Bot.HandleMessageAsync(message, key).ResponseAsync);

        Assert.Equal("greet", ok.Intent.Intent);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task TheConnectorKeyMayNotCallTheCatalog()
    {
        var key = BotServerApp.Key(server.App.DemoConnectorKey());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.App.Catalog().GetProductAsync(new GetProductRequest { ProductId = "x" }, key).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ParseIntentFindsTheBudgetInAChineseQuestion()
    {
        var parsed = await Bot.ParseIntentAsync(new ParseIntentRequest { Text = "推荐一款500元以内的耳机" }, BotServerApp.Admin);

        Assert.Equal("recommend", parsed.Intent);
        Assert.Equal("zh", parsed.Language);
        var budget = Assert.Single(parsed.Entities, e => e.Type == "budget_max");
        Assert.Equal("500", budget.Value);
        Assert.Equal("推荐一款500元以内的耳机".Substring(budget.Start, budget.End - budget.Start), budget.Text);
    }

    private static BadRequest BadRequestOf(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>() ?? throw new Xunit.Sdk.XunitException("no BadRequest detail");
}
