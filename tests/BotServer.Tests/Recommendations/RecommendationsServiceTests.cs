using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using GiftPrior = ChatCommerce.Contracts.V1.GiftPrior;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class RecommendationsServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Contracts.V1.Recommendations.RecommendationsClient Recommendations => new(server.App.Channel);

    private static Budget Under(long max) => new() { Max = new Money { CurrencyCode = "CNY", Units = max } };

    [Fact]
    public async Task PicksKeepToTheBudgetAndEachSaysWhy()
    {
        var response = await Recommendations.RecommendAsync(
            new RecommendRequest { MerchantId = "demo", Query = "耳机", Budget = Under(500), Limit = 5 }, BotServerApp.Admin);

        Assert.InRange(response.Items.Count, 1, 5);
        Assert.All(response.Items, item =>
        {
            Assert.True(item.Product.Price.Units <= 500 || item.Product.GroupPriceTiers.Any(t => t.Price.Units <= 500), $"{item.Product.ProductId} costs {item.Product.Price.Units}");
            Assert.Equal("在你的预算内", item.Reason);
            Assert.InRange(item.Score, 0, 1);
        });
        Assert.Equal(response.Items.Select(i => i.Score).OrderDescending(), response.Items.Select(i => i.Score));
    }

    [Fact]
    public async Task WhatAGroupBoughtRanksFirstForThatGroupWithTheReasonInEnglishWhenAsked()
    {
        var group = "buyers-" + Guid.NewGuid().ToString("n");
        var signals = server.App.Services.GetRequiredService<IGroupSignals>();
        var now = server.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        signals.Record(new[] { "ann", "ben" }.Select(user => new GroupSignal("demo", "console", group, user, "EL-HP-007", SignalKind.Purchased, now)).ToList());

        var response = await Recommendations.RecommendAsync(
            new RecommendRequest { MerchantId = "demo", GroupId = group, Platform = "console", Language = "en" }, BotServerApp.Admin);

        Assert.Equal("EL-HP-007", response.Items[0].Product.ProductId);
        Assert.Equal("2 people here bought it", response.Items[0].Reason);
    }

    [Fact]
    public async Task InvalidInputIsInvalidArgumentNamingEachField()
    {
        var request = new RecommendRequest
        {
            MerchantId = "demo",
            Limit = 21,
            Budget = new Budget { Min = new Money { CurrencyCode = "CNY", Units = 500 }, Max = new Money { CurrencyCode = "CNY", Units = 100 } },
            Recipient = "grandma",
            Occasion = "halloween",
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => Recommendations.RecommendAsync(request, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["budget", "limit", "occasion", "recipient"],
            error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ANegativeBudgetIsInvalid()
    {
        var request = new RecommendRequest { MerchantId = "demo", Budget = new Budget { Min = new Money { CurrencyCode = "CNY", Units = -5 } } };

        var error = await Assert.ThrowsAsync<RpcException>(() => Recommendations.RecommendAsync(request, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "budget.min");
    }

    [Fact]
    public async Task AnUnknownMerchantIsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Recommendations.RecommendAsync(
            new RecommendRequest { MerchantId = "no-such-merchant" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GiftPicksForAMothersBirthdayCarryThePriorsReason()
    {
        var response = await Recommendations.RecommendAsync(
            new RecommendRequest { MerchantId = "demo", Recipient = "mother", Occasion = "birthday", Budget = Under(1000) }, BotServerApp.Admin);

        Assert.Equal(5, response.Items.Count);
        Assert.All(response.Items, item => Assert.Equal("妈妈生日的热门礼物", item.Reason));
    }

    [Fact]
    public async Task AMerchantsGiftPriorOverridesTheDefaultAndIsIsolatedFromOtherMerchants()
    {
        var (mine, theirs) = (await NewMerchantWithDemoCatalog(), await NewMerchantWithDemoCatalog());
        var prior = new GiftPrior { Recipient = "mother", Occasion = "birthday", Categories = { "pets" }, ReasonZh = "妈妈最爱猫主子", ReasonEn = "for a cat-loving mum" };

        var saved = await Recommendations.UpsertGiftPriorAsync(new UpsertGiftPriorRequest { RequestId = "r1", MerchantId = mine, Prior = prior }, BotServerApp.Admin);
        var myPicks = await Recommendations.RecommendAsync(new RecommendRequest { MerchantId = mine, Recipient = "mother", Occasion = "birthday" }, BotServerApp.Admin);
        var theirPicks = await Recommendations.RecommendAsync(new RecommendRequest { MerchantId = theirs, Recipient = "mother", Occasion = "birthday" }, BotServerApp.Admin);
        var myList = await Recommendations.ListGiftPriorsAsync(new ListGiftPriorsRequest { MerchantId = mine, Recipient = "mother" }, BotServerApp.Admin);
        var theirList = await Recommendations.ListGiftPriorsAsync(new ListGiftPriorsRequest { MerchantId = theirs, Recipient = "mother" }, BotServerApp.Admin);

        Assert.False(saved.BuiltIn);
        Assert.Equal(mine, saved.MerchantId);
        Assert.All(myPicks.Items, item =>
        {
            Assert.Equal("pets", item.Product.CategoryPath[0]);
            Assert.Equal("妈妈最爱猫主子", item.Reason);
        });
        Assert.All(theirPicks.Items, item => Assert.Equal("妈妈生日的热门礼物", item.Reason));
        Assert.Single(myList.Priors, p => p.Occasion == "birthday" && !p.BuiltIn && p.ReasonZh == "妈妈最爱猫主子");
        Assert.Single(myList.Priors, p => p.Occasion == "birthday");
        Assert.All(theirList.Priors, p => Assert.True(p.BuiltIn));
    }

    [Fact]
    public async Task DeletingAMerchantsPriorRestoresTheDefault()
    {
        var merchant = await NewMerchantWithDemoCatalog();
        await Recommendations.UpsertGiftPriorAsync(new UpsertGiftPriorRequest
        {
            RequestId = "r1",
            MerchantId = merchant,
            Prior = new GiftPrior { Recipient = "father", Tags = { "茶叶" } },
        }, BotServerApp.Admin);

        var deleted = await Recommendations.DeleteGiftPriorAsync(new DeleteGiftPriorRequest { RequestId = "d1", MerchantId = merchant, Recipient = "father" }, BotServerApp.Admin);
        var again = await Recommendations.DeleteGiftPriorAsync(new DeleteGiftPriorRequest { RequestId = "d1", MerchantId = merchant, Recipient = "father" }, BotServerApp.Admin);
        var gone = await Assert.ThrowsAsync<RpcException>(() => Recommendations.DeleteGiftPriorAsync(
            new DeleteGiftPriorRequest { RequestId = "d2", MerchantId = merchant, Recipient = "father" }, BotServerApp.Admin).ResponseAsync);
        var list = await Recommendations.ListGiftPriorsAsync(new ListGiftPriorsRequest { MerchantId = merchant, Recipient = "father" }, BotServerApp.Admin);

        Assert.Equal(["茶叶"], deleted.Prior.Tags);
        Assert.Equal(deleted.Prior, again.Prior);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.All(list.Priors, p => Assert.True(p.BuiltIn));
    }

    [Fact]
    public async Task AnInvalidGiftPriorIsInvalidArgumentNamingEachField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Recommendations.UpsertGiftPriorAsync(new UpsertGiftPriorRequest
        {
            RequestId = "r1",
            MerchantId = "demo",
            Prior = new GiftPrior { Recipient = "pet", Occasion = "someday", ReasonZh = new string('好', 41) },
        }, BotServerApp.Admin).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Recommendations.UpsertGiftPriorAsync(
            new UpsertGiftPriorRequest { RequestId = "r2", MerchantId = "demo" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["prior.categories", "prior.occasion", "prior.reason_zh", "prior.recipient"],
            error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal("prior", Assert.Single(missing.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task AskingTheBotForRecommendationsListsPicksWithReasonsAndRecordsThatTheGroupSawThem()
    {
        var group = "chat-" + Guid.NewGuid().ToString("n");

        var response = await server.App.ChatBot().HandleMessageAsync(Messages.To("推荐一款500元以内的耳机", group: group), BotServerApp.Admin);

        Assert.Equal("recommend", response.Intent.Intent);
        var reply = Assert.Single(response.Replies);
        Assert.InRange(reply.ProductIds.Count, 1, 5);
        Assert.All(reply.Text.Split('\n').Skip(1).Take(reply.ProductIds.Count), line => Assert.Contains(" · ", line));
        var seen = server.App.Services.GetRequiredService<IGroupSignalReader>().ForGroup("demo", "console", group);
        Assert.Equal(reply.ProductIds.Order(StringComparer.Ordinal), seen.Select(a => a.ProductId).Order(StringComparer.Ordinal));
    }

    private async Task<string> NewMerchantWithDemoCatalog()
    {
        var id = "shop-" + Guid.NewGuid().ToString("n")[..12];
        var now = server.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        server.App.Services.GetRequiredService<IMerchantStore>().TryCreate(new BotServer.Merchants.Merchant { Id = id, DisplayName = id, CreatedAt = now });
        var demo = await server.App.Catalog().ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 500 }, BotServerApp.Admin);
        foreach (var product in demo.Products)
        {
            product.MerchantId = "";
        }
        await server.App.Catalog().UpsertProductsAsync(new UpsertProductsRequest { MerchantId = id, Products = { demo.Products } }, BotServerApp.Admin);
        return id;
    }
}
