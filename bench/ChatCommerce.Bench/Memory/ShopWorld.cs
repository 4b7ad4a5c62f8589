using System.Diagnostics;
using ChatCommerce.Bench.Relay;
using ChatCommerce.Bench.Search;
using ChatCommerce.BotServer.Grpc;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.Bench.Memory;

/// <summary>
/// One real BotServer process (Release, LiteDB in a temp directory, rate limits lifted) set up the
/// way a busy deployment looks: a merchant with a generated catalog imported over gRPC, a reply
/// rule, and many bound groups (every fourth proactive), all through the public API. The memory
/// and soak suites drive <see cref="GroupChatter"/> at it over several channels.
/// </summary>
internal sealed class ShopWorld : IDisposable
{
    public const int ChannelCount = 4;

    private readonly BotServerProcess _server;
    private readonly GrpcChannel[] _channels;
    private readonly Metadata _headers = new() { { RelayClient.ApiKeyHeader, BotServerProcess.AdminKey } };

    private ShopWorld(BotServerProcess server)
    {
        _server = server;
        _channels = Enumerable.Range(0, ChannelCount).Select(_ => RelayServiceCollectionExtensions.CreateChannel(server.Url, NullLoggerFactory.Instance)).ToArray();
    }

    public static async Task<ShopWorld> StartAsync(TextWriter progress) => new(await BotServerProcess.StartAsync(progress));

    /// <param name="environment">Environment variables for the server process only (the runtime's GC settings).</param>
    public static async Task<ShopWorld> StartAsync(TextWriter progress, IReadOnlyDictionary<string, string> environment) =>
        new(await BotServerProcess.StartAsync(progress, environment));

    /// <summary>The server's last warning and error lines (it logs nothing below Warning).</summary>
    public IReadOnlyList<string> ServerLog => _server.RecentOutput;

    public ProcessMemory Memory() => ProcessMemory.Of(_server.ProcessId);

    public MemoryWatch Watch(TimeSpan interval) => new(_server.ProcessId, interval);

    /// <summary>The server's live managed heap: <c>Diagnostics.Memory</c> after a full, compacting collection.</summary>
    public async Task<long> LiveHeapAsync() =>
        (await new Diagnostics.DiagnosticsClient(_channels[0]).MemoryAsync(new MemoryRequest { CollectFirst = true }, _headers)).ManagedHeapBytes;

    /// <summary>Bytes of the LiteDB files (data and log) right now.</summary>
    public long DataBytes() =>
        Directory.EnumerateFiles(_server.DataDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    /// <summary>Creates <see cref="CatalogGenerator.Merchant"/> and streams <paramref name="count"/> generated products into it.</summary>
    public async Task<TimeSpan> LoadCatalogAsync(int count, TextWriter progress)
    {
        var products = CatalogGenerator.FromDemoCatalog().Generate(count).Where(p => p.MerchantId == CatalogGenerator.Merchant).ToList();
        var started = Stopwatch.GetTimestamp();
        var merchants = new Merchants.MerchantsClient(_channels[0]);
        await merchants.CreateMerchantAsync(new CreateMerchantRequest { RequestId = "bench-merchant", MerchantId = CatalogGenerator.Merchant, DisplayName = "Bench shop", DefaultLanguage = "zh" }, _headers);
        using (var import = new Catalog.CatalogClient(_channels[0]).ImportProducts(_headers))
        {
            foreach (var product in products)
            {
                await import.RequestStream.WriteAsync(ProductMapping.ToContract(product));
            }
            await import.RequestStream.CompleteAsync();
            var answer = await import.ResponseAsync;
            if (answer.ImportedCount != products.Count)
            {
                throw new InvalidOperationException($"Imported {answer.ImportedCount} of {products.Count} products; first refusal: {answer.Rejected.FirstOrDefault()}");
            }
        }
        await merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest
        {
            RequestId = "bench-rule",
            MerchantId = CatalogGenerator.Merchant,
            Rule = new ReplyRule
            {
                Name = "shipping",
                TriggerKind = TriggerKind.KeywordContains,
                Patterns = { "包邮" },
                Templates = { [""] = "全场包邮，{sender}放心下单" },
                Enabled = true,
                Cooldown = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            },
        }, _headers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        progress.WriteLine($"catalog: {products.Count:#,0} products imported in {elapsed.TotalSeconds:0.0} s");
        return elapsed;
    }

    /// <summary>Binds <paramref name="groups"/> groups to the bench merchant, every fourth proactive, each with an admin.</summary>
    public async Task<TimeSpan> BindGroupsAsync(int groups, TextWriter progress)
    {
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var merchants = new Merchants.MerchantsClient(_channels[worker % ChannelCount]);
            for (var group = Interlocked.Increment(ref next); group < groups; group = Interlocked.Increment(ref next))
            {
                await merchants.BindGroupAsync(new BindGroupRequest
                {
                    RequestId = $"bind-{group}",
                    MerchantId = CatalogGenerator.Merchant,
                    Platform = GroupChatter.Platform,
                    GroupId = GroupChatter.GroupId(group),
                    ReplyMode = GroupChatter.IsProactive(group) ? ReplyMode.Proactive : ReplyMode.MentionOnly,
                    WelcomeText = "欢迎 {member} 入群",
                    AdminUserIds = { $"{GroupChatter.GroupId(group)}-u0" },
                }, _headers);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        progress.WriteLine($"groups: {groups:#,0} bound in {elapsed.TotalSeconds:0.0} s");
        return elapsed;
    }

    /// <summary>One <c>HandleMessage</c> call on the caller's channel; the merchant comes from the group's binding.</summary>
    public Task<HandleMessageResponse> HandleAsync(int caller, ChatMessage message) =>
        new ChatBot.ChatBotClient(_channels[caller % ChannelCount]).HandleMessageAsync(message, _headers).ResponseAsync;

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        _server.Dispose();
    }
}
