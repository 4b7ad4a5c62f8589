using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Llm;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Product = ChatCommerce.Contracts.V1.Product;

namespace ChatCommerce.BotServer.Tests.Llm;

/// <summary>
/// The LLM path end to end: a real BotServer, gRPC HandleMessage, and a fake OpenAI-compatible
/// server on loopback answering with scripted completions.
/// </summary>
public sealed class LlmFallbackTests : IClassFixture<LlmServers>
{
    // No cue any parser could be sure of: the kind of message the LLM path is for.
    private const string Vague = "那个……上次说的那种，你懂的";

    private static readonly string[] OfferedTools =
    [
        "shop-search_products", "shop-recommend", "shop-gift_picks", "shop-start_group_buy", "shop-join_group_buy", "shop-group_buy_status",
    ];

    private readonly LlmServers _servers;

    public LlmFallbackTests(LlmServers servers)
    {
        _servers = servers;
        servers.Model.Reset();
    }

    private FakeChatCompletionsServer Model => _servers.Model;

    [Fact]
    public async Task AModelThatSearchesShowsCatalogProductsWithinTheBudgetAndTheGroupRemembersTheList()
    {
        Model.ThenToolCall("shop-search_products", """{"query":"耳机","budget_max":300}""")
            .ThenText("给你找了几款300以内的耳机～");

        var response = await Say(Vague, "g-search");

        AssertUnsure(response.Intent);
        var reply = Assert.Single(response.Replies);
        var lines = reply.Text.Split('\n');
        Assert.Equal("给你找了几款300以内的耳机～", lines[0]);
        Assert.Equal("¥300以内为你找到这些：", lines[1]);
        Assert.InRange(reply.ProductIds.Count, 1, 5);
        for (var i = 0; i < reply.ProductIds.Count; i++)
        {
            var product = await DemoProduct(reply.ProductIds[i]);
            Assert.True(product.Price.Units <= 300, $"{product.ProductId} costs {product.Price.Units}");
            Assert.StartsWith($"{i + 1}. {product.TitleZh} — ", lines[i + 2]);
        }
        var followUp = await Say("第2个多少钱", "g-search");
        Assert.Equal([reply.ProductIds[1]], Assert.Single(followUp.Replies).ProductIds);
    }

    [Fact]
    public async Task TheModelIsAskedAtChatCompletionsWithTheConfiguredModelKeyAndTheSixFeatureFunctions()
    {
        Model.ThenToolCall("shop-search_products", """{"query":"耳机","budget_max":300}""").ThenText("");

        await Say(Vague, "g-wire");

        Assert.Equal(2, Model.Received.Count);
        Assert.All(Model.Received, request =>
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/v1/chat/completions", request.Path);
            Assert.Equal("Bearer " + LlmServers.ModelKey, request.Authorization);
            Assert.Equal(LlmServers.ModelName, request.Model);
            Assert.Equal(OfferedTools.Order(), request.ToolNames.Order());
        });
        var first = Model.Received[0].Body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], first.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(Vague, first[1]!["content"]!.GetValue<string>());
        var toolResult = Model.Received[1].Body["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.StartsWith("¥300以内为你找到这些：", toolResult!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task AModelCannotReachAnotherMerchantsCatalog()
    {
        // The rival's earbuds are the best match there is, had the search gone to its catalog.
        var rivalHits = _servers.WithLlm.Services.GetRequiredService<CatalogManager>()
            .Search(new ProductQuery(LlmServers.Rival, "Rival 耳机", BudgetMax: 300), null).Hits;
        Assert.Equal(LlmServers.RivalProductId, rivalHits[0].Product.ProductId);
        Model.ThenToolCall("shop-search_products", $$"""{"query":"Rival 耳机","budget_max":300,"merchant_id":"{{LlmServers.Rival}}","merchantId":"{{LlmServers.Rival}}"}""")
            .ThenText("");

        var response = await Say(Vague, "g-rival");

        var reply = Assert.Single(response.Replies);
        Assert.Equal("demo", response.MerchantId);
        Assert.DoesNotContain(LlmServers.RivalProductId, reply.ProductIds);
        Assert.DoesNotContain("Rival", reply.Text, StringComparison.Ordinal);
        foreach (var id in reply.ProductIds)
        {
            await DemoProduct(id);
        }
        Assert.All(OfferedTools, tool =>
            Assert.DoesNotContain(Model.Received[0].ToolParameters(tool)["properties"]!.AsObject(),
                p => p.Key.Contains("merchant", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task GiftPicksChosenByTheModelComeFromTheGiftFeature()
    {
        Model.ThenToolCall("shop-gift_picks", """{"recipient":"mother","occasion":"birthday","budget_max":300}""").ThenText("");

        var response = await Say(Vague, "g-gift");

        var reply = Assert.Single(response.Replies);
        Assert.StartsWith("送妈妈的礼物，帮你挑了这些：", reply.Text);
        Assert.InRange(reply.ProductIds.Count, 1, 5);
        foreach (var id in reply.ProductIds)
        {
            var product = await DemoProduct(id);
            Assert.True(product.Price.Units <= 300 || product.GroupPriceTiers.Any(t => t.Price.Units <= 300), $"{id} costs {product.Price.Units}");
        }
    }

    [Fact]
    public async Task RecommendationsChosenByTheModelCarryAReasonOnEachLine()
    {
        Model.ThenToolCall("shop-recommend", """{"query":"耳机","budget_max":500}""").ThenText("");

        var response = await Say(Vague, "g-recommend");

        var reply = Assert.Single(response.Replies);
        var lines = reply.Text.Split('\n');
        Assert.Equal("¥500以内为你推荐这些：", lines[0]);
        Assert.All(lines.Skip(1).Take(reply.ProductIds.Count), line => Assert.Contains(" · ", line));
    }

    [Fact]
    public async Task AGroupBuyStartedByTheModelIsARealTeamOfTheListedProductThatTheStatusFunctionShows()
    {
        var listed = await Say("有没有耳机", "g-llm-gb");
        Model.ThenToolCall("shop-start_group_buy", """{"product":"2","team_size":3}""").ThenText("");
        var started = await Say(Vague, "g-llm-gb");
        Model.ThenToolCall("shop-group_buy_status", "{}").ThenText("");
        var status = await Say(Vague, "g-llm-gb");

        var roster = Assert.Single(started.Replies);
        Assert.Equal([Assert.Single(listed.Replies).ProductIds[1]], roster.ProductIds);
        Assert.Contains("3人团", roster.Text);
        Assert.Contains("【拼团 GB-", Assert.Single(status.Replies).Text);
    }

    [Fact]
    public async Task AJoinChosenByTheModelWithoutAnOpenTeamSaysSoHonestly()
    {
        Model.ThenToolCall("shop-join_group_buy", "{}").ThenText("");

        var response = await Say(Vague, "g-llm-nojoin");

        Assert.Contains("没有进行中的拼团", Assert.Single(response.Replies).Text);
    }

    [Fact]
    public async Task AClosingTextLongerThanOneShortLineIsDroppedSoOnlyCatalogProductsAreListed()
    {
        Model.ThenToolCall("shop-search_products", """{"query":"耳机","budget_max":300}""")
            .ThenText("为你推荐：\n1. 神奇耳机 Pro — ¥1\n2. 不存在的耳机 — ¥2");

        var response = await Say(Vague, "g-invented");

        var reply = Assert.Single(response.Replies);
        Assert.StartsWith("¥300以内为你找到这些：", reply.Text);
        Assert.DoesNotContain("神奇耳机", reply.Text);
    }

    [Fact]
    public async Task TheChosenFeaturesAnswerStandsWhenTheClosingRequestFails()
    {
        Model.ThenToolCall("shop-search_products", """{"query":"耳机","budget_max":300}""").ThenStatus(500);

        var response = await Say(Vague, "g-closing-fails");

        var reply = Assert.Single(response.Replies);
        Assert.StartsWith("¥300以内为你找到这些：", reply.Text);
        Assert.NotEmpty(reply.ProductIds);
    }

    [Theory]
    [InlineData("http-500")]
    [InlineData("garbage")]
    [InlineData("no-feature")]
    [InlineData("unknown-function")]
    [InlineData("broken-arguments")]
    [InlineData("wrong-argument-type")]
    public async Task WhenTheModelGivesNoUsableAnswerTheOfflineAnswerIsGiven(string failure)
    {
        _ = failure switch
        {
            "http-500" => Model.ThenStatus(500),
            "garbage" => Model.ThenGarbage(),
            "no-feature" => Model.ThenText("买 iPhone 99 Pro 吧，只要 ¥1"),
            "unknown-function" => Model.ThenToolCall("shop-delete_catalog", "{}"),
            "broken-arguments" => Model.ThenToolCall("shop-search_products", """{"query": "耳机", "budget_max": """),
            _ => Model.ThenToolCall("shop-search_products", """{"query":"耳机","budget_max":"三百块"}"""),
        };
        var group = "g-" + failure;

        var response = await Say(Vague, group);

        Assert.Single(Model.Received);
        await AssertOfflineAnswer(response, Vague, group);
    }

    [Fact]
    public async Task AModelThatDoesNotAnswerInTimeGivesTheOfflineAnswer()
    {
        await using var slowModel = await FakeChatCompletionsServer.StartAsync();
        slowModel.ThenNoAnswer();
        var settings = LlmServers.LlmSettings(slowModel);
        settings["Llm:Timeout"] = "00:00:01";
        using var app = new BotServerApp(settings);

        var response = await LlmServers.Say(app, Vague, "g-slow");

        Assert.Single(slowModel.Received);
        await AssertOfflineAnswer(response, Vague, "g-slow");
    }

    [Fact]
    public async Task AConfidentIntentNeverAsksTheModel()
    {
        // A list in the group first, so "第2个" points at something.
        Model.ThenToolCall("shop-search_products", """{"query":"耳机"}""").ThenText("");
        await Say(Vague, "g-confident");
        Model.Reset();

        var help = await Say("帮助", "g-confident");
        var price = await Say("第2个多少钱", "g-confident");

        Assert.Equal(("help", "ask_price"), (help.Intent.Intent, price.Intent.Intent));
        Assert.All(new[] { help, price }, r => Assert.True(r.Intent.Confidence >= 0.6, $"{r.Intent.Intent} at {r.Intent.Confidence}"));
        Assert.Contains("推荐", Assert.Single(help.Replies).Text);
        Assert.Single(Assert.Single(price.Replies).ProductIds);
        Assert.Empty(Model.Received);
    }

    [Fact]
    public async Task MessagesNotAddressedToTheBotNeverAskTheModel()
    {
        var response = await _servers.WithLlm.ChatBot().HandleMessageAsync(Messages.To(Vague, group: "g-chatter", mentionsBot: false), BotServerApp.Admin);

        Assert.Empty(response.Replies);
        Assert.Empty(Model.Received);
    }

    [Fact]
    public async Task WithoutAnEndpointNoLlmServiceIsRegisteredAndTheModelIsNeverAsked()
    {
        var response = await LlmServers.Say(_servers.Offline, Vague, "g-off");

        AssertUnsure(response.Intent);
        Assert.Empty(_servers.Offline.Services.GetServices<IFallbackResponder>());
        Assert.NotEmpty(response.Replies);
        Assert.Empty(Model.Received);
    }

    private Task<HandleMessageResponse> Say(string text, string group) => LlmServers.Say(_servers.WithLlm, text, group);

    private async Task AssertOfflineAnswer(HandleMessageResponse response, string text, string group)
    {
        var offline = await LlmServers.Say(_servers.Offline, text, group);
        Assert.NotEmpty(offline.Replies);
        Assert.Equal(offline.Replies.Select(r => (r.Text, string.Join(',', r.ProductIds))), response.Replies.Select(r => (r.Text, string.Join(',', r.ProductIds))));
    }

    private async Task<Product> DemoProduct(string id) =>
        await _servers.WithLlm.Catalog().GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = id }, BotServerApp.Admin);

    private static void AssertUnsure(ParsedIntent intent) =>
        Assert.True(intent.Intent == "none" || intent.Confidence < 0.6,
            $"The test message must be one the offline parser is unsure of, but it parsed as {intent.Intent} ({intent.Confidence}).");
}
