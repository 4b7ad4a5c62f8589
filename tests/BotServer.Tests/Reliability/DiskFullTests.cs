using System.Diagnostics;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
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

    [Fact]
    public async Task AFullDiskRefusesWritesClearlyKeepsAnsweringReadsAndLosesNothingOnceSpaceReturns()
    {
        var data = Path.Combine(_mount, "data");
        var filler = Path.Combine(_mount, "filler");
        await using (var server = await BotServerProcess.StartAsync(data))
        {
            var catalog = new Contracts.V1.Catalog.CatalogClient(server.Channel);
            await catalog.UpsertProductsAsync(Upsert("BEFORE-FULL"), BotServerApp.Admin);
            Fill(filler);

            var refused = new List<StatusCode>();
            for (var i = 0; i < 5; i++)
            {
                try
                {
                    await catalog.UpsertProductsAsync(Upsert($"WHILE-FULL-{i}", count: 200), BotServerApp.Admin);
                    refused.Add(StatusCode.OK);
                }
                catch (RpcException e)
                {
                    refused.Add(e.StatusCode);
                }
            }
            GetProductRequest readRequest = new() { MerchantId = "demo", ProductId = "BEFORE-FULL" };
            Product read;
            try
            {
                read = await catalog.GetProductAsync(readRequest, BotServerApp.Admin);
            }
            catch (RpcException e)
            {
                throw new Xunit.Sdk.XunitException(e.Status + "\n" + server.Output[^Math.Min(6000, server.Output.Length)..]);
            }
            HandleMessageResponse chat;
            try
            {
                chat = await new ChatBot.ChatBotClient(server.Channel).HandleMessageAsync(Messages.To("推荐耳机"), BotServerApp.Admin);
            }
            catch (RpcException e)
            {
                throw new Xunit.Sdk.XunitException(e.Status + "\n" + server.Output[^Math.Min(8000, server.Output.Length)..]);
            }

            Assert.Contains(StatusCode.ResourceExhausted, refused);
            Assert.DoesNotContain(StatusCode.Unknown, refused);
            Assert.DoesNotContain(StatusCode.Internal, refused);
            Assert.Equal("BEFORE-FULL", read.ProductId);
            Assert.NotEmpty(Assert.Single(chat.Replies).ProductIds);

            File.Delete(filler);
            await catalog.UpsertProductsAsync(Upsert("AFTER-SPACE"), BotServerApp.Admin);
        }

        await using var restarted = await BotServerProcess.StartAsync(data);
        var after = new Contracts.V1.Catalog.CatalogClient(restarted.Channel);
        var kept = await after.GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = "BEFORE-FULL" }, BotServerApp.Admin);
        var written = await after.GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = "AFTER-SPACE" }, BotServerApp.Admin);
        var all = await after.ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 500 }, BotServerApp.Admin);

        Assert.Equal(("BEFORE-FULL", "AFTER-SPACE"), (kept.ProductId, written.ProductId));
        Assert.True(all.Products.Count >= 203, $"{all.Products.Count} products after the restart");
    }

    private static UpsertProductsRequest Upsert(string id, int count = 1) => new()
    {
        MerchantId = "demo",
        Products =
        {
            Enumerable.Range(0, count).Select(i => new Product
            {
                ProductId = count == 1 ? id : $"{id}-{i}", Title = "磁盘测试 " + id, CategoryPath = { "test" }, Stock = 1,
                Description = new string('满', count == 1 ? 10 : 3_900), Price = new Money { CurrencyCode = "CNY", Units = 1 },
            }),
        },
    };

    // Writes until the filesystem says no: whatever the server writes next meets a full disk.
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var block = new byte[1 << 16];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
        }
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
