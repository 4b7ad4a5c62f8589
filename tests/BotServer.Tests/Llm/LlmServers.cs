using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using DomainProduct = ChatCommerce.BotServer.Catalog.Product;
using Merchant = ChatCommerce.BotServer.Merchants.Merchant;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.BotServer.Tests.Llm;

/// <summary>
/// Two real BotServers over the same demo catalog: one with the LLM path pointed at a fake model
/// server (plus a second merchant, "rival", whose earbuds a leak would show), and one without an
/// endpoint, whose answers are the offline answers.
/// </summary>
public sealed class LlmServers : IAsyncLifetime
{
    public const string Rival = "rival";
    public const string RivalProductId = "rival-earbuds";
    public const string RivalTitle = "Rival 降噪蓝牙耳机";
    public const string ModelName = "test-model";
    public const string ModelKey = "test-llm-key";

    public FakeChatCompletionsServer Model { get; private set; } = null!;

    public BotServerApp WithLlm { get; private set; } = null!;

    public BotServerApp Offline { get; private set; } = null!;

    public static Dictionary<string, string?> LlmSettings(FakeChatCompletionsServer model) => new()
    {
        ["Llm:Endpoint"] = model.Endpoint,
        ["Llm:Model"] = ModelName,
        ["Llm:ApiKey"] = ModelKey,
    };

    public async Task InitializeAsync()
    {
        Model = await FakeChatCompletionsServer.StartAsync();
        WithLlm = new BotServerApp(LlmSettings(Model));
        // Everything but the endpoint: still off.
        Offline = new BotServerApp(new Dictionary<string, string?> { ["Llm:Model"] = ModelName, ["Llm:ApiKey"] = ModelKey });
        _ = WithLlm.GrpcAddress;
        _ = Offline.GrpcAddress;
        var services = WithLlm.Services;
        services.GetRequiredService<IMerchantStore>().TryCreate(new Merchant { Id = Rival, DisplayName = "Rival Store" });
        services.GetRequiredService<CatalogManager>().Upsert(Rival,
        [
            new DomainProduct
            {
                ProductId = RivalProductId,
                Title = RivalTitle,
                TitleZh = RivalTitle,
                TitleEn = "Rival noise-cancelling earbuds",
                Brand = "Rival",
                CategoryPath = ["electronics", "audio", "earbuds"],
                Aliases = ["耳机", "earbuds"],
                Tags = ["降噪", "蓝牙"],
                Price = 99,
                Stock = 1000,
                SalesCount = 1_000_000,
            },
        ]);
    }

    /// <summary>Sends one message addressed to the bot, as the demo merchant (admin key).</summary>
    public static async Task<HandleMessageResponse> Say(BotServerApp app, string text, string group) =>
        await app.ChatBot().HandleMessageAsync(Messages.To(text, group: group), BotServerApp.Admin);

    public async Task DisposeAsync()
    {
        WithLlm.Dispose();
        Offline.Dispose();
        await Model.DisposeAsync();
    }
}
