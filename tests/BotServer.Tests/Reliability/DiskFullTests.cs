using System.Diagnostics;
using System.Globalization;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Reliability;

/// <summary>
/// The data directory on a tiny filesystem (a tmpfs mounted by the test; needs root) that fills
/// up. Part of the on-demand reliability suite (<c>./reliability.sh</c>), not of CI's test step.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "chatcommerce-tinyfs-" + Guid.NewGuid().ToString("n")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mount);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", _mount);
    }

    // The batch that races the free-space check finds 2 MiB free and needs more (300 products of
    // ~12 KB), so LiteDB runs out of space writing its log at commit.
    private const long LeftFree = 2 << 20;

    // Every answer while the disk is full, and the first writes after space returns, must come well
    // within LiteDB's one-minute lock timeout (what a leaked transaction lock made them wait for).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // 1 MiB: writes are refused before they start once the volume is that full (the configured way).
    // 0: the check is off, so every write meets ENOSPC inside LiteDB and the engine is replaced each time.
    [Theory]
    [InlineData(1 << 20)]
    [InlineData(0)]
    public async Task AFullDiskRefusesWritesClearlyKeepsAnsweringReadsAndLosesNothingOnceSpaceReturns(long minFreeBytes)
    {
        var data = Path.Combine(_mount, "data");
        var filler = Path.Combine(_mount, "filler");
        var settings = new Dictionary<string, string> { ["Storage:MinFreeBytes"] = minFreeBytes.ToString(CultureInfo.InvariantCulture) };
        string teamId;
        await using (var server = await BotServerProcess.StartAsync(data, settings))
        {
            var catalog = new Contracts.V1.Catalog.CatalogClient(server.Channel);
            var groupBuys = new Contracts.V1.GroupBuys.GroupBuysClient(server.Channel);
            await catalog.UpsertProductsAsync(Upsert("BEFORE-FULL"), BotServerApp.Admin);
            teamId = (await groupBuys.StartGroupBuyAsync(new StartGroupBuyRequest
            {
                RequestId = "start-before-full", MerchantId = "demo", ProductId = "BEFORE-FULL", Platform = "console", GroupId = "disk",
                Leader = new Sender { UserId = "leader" }, TeamSize = 3,
            }, BotServerApp.Admin)).GroupBuy.Id;

            Fill(filler, leaveFree: LeftFree);
            var raced = await Refusal(() => catalog.UpsertProductsAsync(Upsert("RACED", count: 300), BotServerApp.Admin, Deadline()).ResponseAsync);
            var refused = new List<RpcException?>();
            for (var i = 0; i < 3; i++)
            {
                refused.Add(await Refusal(() => catalog.UpsertProductsAsync(Upsert($"WHILE-FULL-{i}"), BotServerApp.Admin, Deadline()).ResponseAsync));
            }
            refused.Add(await Refusal(() => groupBuys.JoinGroupBuyAsync(Join(teamId, "while-full"), BotServerApp.Admin, Deadline()).ResponseAsync));

            var read = await Answer(server, () => catalog.GetProductAsync(
                new GetProductRequest { MerchantId = "demo", ProductId = "BEFORE-FULL" }, BotServerApp.Admin, Deadline()).ResponseAsync);
            var found = await Answer(server, () => catalog.SearchProductsAsync(
                new SearchProductsRequest { MerchantId = "demo", Query = "磁盘测试" }, BotServerApp.Admin, Deadline()).ResponseAsync);
            var team = await Answer(server, () => groupBuys.GetGroupBuyAsync(
                new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = teamId }, BotServerApp.Admin, Deadline()).ResponseAsync);
            var chat = await Answer(server, () => new ChatBot.ChatBotClient(server.Channel).HandleMessageAsync(
                Messages.To("推荐耳机"), BotServerApp.Admin, Deadline()).ResponseAsync);

            AssertDiskFull(raced);
            Assert.All(refused, AssertDiskFull);
            // The raced batch met a real ENOSPC inside LiteDB (not only the free-space check), and the
            // broken engine was replaced.
            Assert.Contains("Database reopened", server.Output, StringComparison.Ordinal);
            Assert.Equal("BEFORE-FULL", read.ProductId);
            Assert.Contains(found.Hits, h => h.Product.ProductId == "BEFORE-FULL");
            Assert.Equal(["leader"], team.Members.Select(m => m.UserId));
            Assert.NotEmpty(Assert.Single(chat.Replies).ProductIds);

            File.Delete(filler);
            var clock = Stopwatch.StartNew();
            // The same collection the raced batch failed in, then another one.
            await catalog.UpsertProductsAsync(Upsert("AFTER-SPACE"), BotServerApp.Admin, Deadline());
            var joined = await groupBuys.JoinGroupBuyAsync(Join(teamId, "after-space"), BotServerApp.Admin, Deadline());
            var recovered = clock.Elapsed;

            Assert.Equal(JoinOutcome.Joined, joined.Outcome);
            Assert.True(recovered < Patience, $"writes took {recovered} to work again after space returned");
        }

        List<string> listed;
        await using (var restarted = await BotServerProcess.StartAsync(data, settings))
        {
            var catalog = new Contracts.V1.Catalog.CatalogClient(restarted.Channel);
            var kept = await catalog.GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = "BEFORE-FULL" }, BotServerApp.Admin);
            var written = await catalog.GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = "AFTER-SPACE" }, BotServerApp.Admin);
            var team = await new Contracts.V1.GroupBuys.GroupBuysClient(restarted.Channel).GetGroupBuyAsync(
                new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = teamId }, BotServerApp.Admin);
            await catalog.UpsertProductsAsync(Upsert("AFTER-RESTART"), BotServerApp.Admin);
            listed = await ListAllAsync(catalog);

            Assert.Equal(("BEFORE-FULL", "AFTER-SPACE"), (kept.ProductId, written.ProductId));
            Assert.Equal(["leader", "after-space"], team.Members.Select(m => m.UserId));
            Assert.Contains("AFTER-RESTART", listed);
            // Refused and failed writes left nothing behind, not even part of the raced batch.
            Assert.DoesNotContain(listed, id => id.StartsWith("RACED", StringComparison.Ordinal) || id.StartsWith("WHILE-FULL", StringComparison.Ordinal));
        }

        // The files open cleanly outside the server as well, and every document of every collection reads back.
        using var db = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = Path.Combine(data, "chatcommerce.db") });
        var documents = db.GetCollectionNames().ToDictionary(name => name, name => db.GetCollection(name).Query().ToEnumerable().Count());
        Assert.Equal(listed.Count, documents["products"]);
    }

    private static DateTime Deadline() => DateTime.UtcNow + Patience;

    private static JoinGroupBuyRequest Join(string teamId, string user) => new()
    {
        RequestId = "join-" + user, MerchantId = "demo", GroupBuyId = teamId, User = new Sender { UserId = user },
    };

    private static async Task<RpcException?> Refusal(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private static void AssertDiskFull(RpcException? refusal)
    {
        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Equal("DISK_FULL", refusal.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    // An answer within the deadline, or the server's recent log to show why not.
    private static async Task<T> Answer<T>(BotServerProcess server, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw new Xunit.Sdk.XunitException(e.Status + "\n" + server.Output[^Math.Min(8000, server.Output.Length)..]);
        }
    }

    private static async Task<List<string>> ListAllAsync(Contracts.V1.Catalog.CatalogClient catalog)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await catalog.ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 500, PageToken = token }, BotServerApp.Admin);
            ids.AddRange(page.Products.Select(p => p.ProductId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static UpsertProductsRequest Upsert(string id, int count = 1) => new()
    {
        MerchantId = "demo",
        Products =
        {
            Enumerable.Range(0, count).Select(i => new Product
            {
                ProductId = count == 1 ? id : $"{id}-{i}", Title = "磁盘测试 " + id, CategoryPath = { "test" }, Stock = 10,
                Description = new string('满', count == 1 ? 10 : 3_900), Price = new Money { CurrencyCode = "CNY", Units = 2 },
                GroupPriceTiers = { new PriceTier { MinTeamSize = 2, Price = new Money { CurrencyCode = "CNY", Units = 1 } } },
            }),
        },
    };

    // Writes until the file system says no, then gives back exactly leaveFree bytes.
    private static void Fill(string path, long leaveFree)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[1 << 16];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
        }
        file.SetLength(file.Length - leaveFree);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {await process.StandardError.ReadToEndAsync()}");
    }

    public async Task DisposeAsync()
    {
        await RunAsync("umount", "-l", _mount);
        Directory.Delete(_mount, recursive: true);
    }
}
