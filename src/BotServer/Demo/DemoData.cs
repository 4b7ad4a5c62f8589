using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Grpc;
using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Demo;

public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Create the demo merchant, its catalog and a connector key on first start.</summary>
    public bool Seed { get; set; } = true;
}

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}

/// <summary>
/// On first start: the `demo` merchant, the bilingual demo catalog (Demo/demo-catalog.json), the
/// console group bound with alice as its admin, and a connector key saved as `demo-connector.key`
/// in the data directory. Every start prints that key,
/// so the console chat can connect.
/// </summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> demo,
    IOptions<StorageOptions> storage,
    IMerchantStore merchants,
    IApiKeyStore keys,
    CatalogManager catalog,
    Groups.GroupDirectory groups,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public const string ConnectorKeyFile = "demo-connector.key";
    public const string DemoGroupPlatform = "console";
    public const string DemoGroupId = "console";
    public const string DemoGroupAdmin = "alice";
    public static readonly string CatalogPath = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-catalog.json");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Seed)
        {
            return Task.CompletedTask;
        }
        var keyPath = Path.Combine(Path.GetFullPath(storage.Value.Directory), ConnectorKeyFile);
        var now = time.GetUtcNow().UtcDateTime;
        if (merchants.TryCreate(new Merchant { Id = Merchant.DemoId, DisplayName = "ChatCommerce 演示店 Demo Store", DefaultLanguage = "zh", CreatedAt = now }))
        {
            var products = LoadCatalog(CatalogPath);
            foreach (var batch in products.Chunk(CatalogManager.MaxUpsertBatch))
            {
                catalog.Upsert(Merchant.DemoId, batch);
            }
            var (key, record) = ApiKeySecrets.Generate(Merchant.DemoId, ApiKeyRole.Connector, "demo console connector", now);
            keys.Insert(record);
            SecretFile.Write(keyPath, key);
            // The console chat's starting group, with alice (run.sh's first speaker) as its admin,
            // so "/rules", "/rule add 运费 => 全场包邮" and "/mode proactive" can be tried at once.
            groups.Bind(Merchant.DemoId, new Groups.GroupBinding(
                DemoGroupPlatform, DemoGroupId, "", Groups.ReplyMode.MentionOnly, "欢迎 {member}！@我 问问有什么好物～", null, null, [DemoGroupAdmin]));
            LogSeeded(products.Count);
        }
        if (File.Exists(keyPath))
        {
            LogConnectorKey(File.ReadAllText(keyPath).Trim(), keyPath);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads a JSON array of products in the contract's JSON form (the same form catalog imports take).</summary>
    public static IReadOnlyList<Product> LoadCatalog(string path)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
        return document.RootElement.EnumerateArray()
            .Select((element, i) => ProductMapping.ToDomain(parser.Parse<Contracts.V1.Product>(element.GetRawText()), $"[{i}]."))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo merchant with {Count} products")]
    private partial void LogSeeded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo connector key: {ConnectorKey} (saved in {Path})")]
    private partial void LogConnectorKey(string connectorKey, string path);
}
