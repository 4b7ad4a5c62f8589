using System.Collections.Concurrent;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.Reliability;

/// <summary>The server killed with SIGKILL in the middle of a join storm, then restarted on the same data.</summary>
public sealed class JoinStormKillTests : IDisposable
{
    private const int InitialStock = 1000;
    private const int Teams = 40;
    private const int TeamSize = 5;
    private readonly string _data = BotServerApp.NewDataDirectory();

    [Fact]
    public async Task AfterASigkillDuringAJoinStormNoTeamIsOverfullStockAddsUpAndNoAcknowledgedJoinIsLost()
    {
        var acknowledged = new ConcurrentBag<(string Team, string User)>();
        string product;
        List<string> teams;
        await using (var server = await BotServerProcess.StartAsync(_data))
        {
            var catalog = new Contracts.V1.Catalog.CatalogClient(server.Channel);
            var groupBuys = new Contracts.V1.GroupBuys.GroupBuysClient(server.Channel);
            product = "STORM-1";
            await catalog.UpsertProductsAsync(new UpsertProductsRequest
            {
                MerchantId = "demo",
                Products =
                {
                    new Product
                    {
                        ProductId = product, Title = "风暴测试商品", CategoryPath = { "test" }, Stock = InitialStock,
                        Price = new Money { CurrencyCode = "CNY", Units = 100 },
                        GroupPriceTiers = { new PriceTier { MinTeamSize = 2, Price = new Money { CurrencyCode = "CNY", Units = 80 } } },
                    },
                },
            }, BotServerApp.Admin);
            teams = [];
            for (var i = 0; i < Teams; i++)
            {
                var started = await groupBuys.StartGroupBuyAsync(new StartGroupBuyRequest
                {
                    RequestId = $"start-{i}", MerchantId = "demo", ProductId = product, Platform = "console", GroupId = "storm",
                    Leader = new Sender { UserId = $"leader-{i}" }, TeamSize = TeamSize,
                }, BotServerApp.Admin);
                teams.Add(started.GroupBuy.Id);
            }

            var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var storm = Enumerable.Range(0, 600).Select(i => Task.Run(async () =>
            {
                var team = teams[i % Teams];
                var user = $"joiner-{i}";
                var reply = await groupBuys.JoinGroupBuyAsync(new JoinGroupBuyRequest
                {
                    RequestId = $"join-{i}", MerchantId = "demo", GroupBuyId = team, User = new Sender { UserId = user },
                }, BotServerApp.Admin);
                if (reply.Outcome == JoinOutcome.Joined)
                {
                    acknowledged.Add((team, user));
                    if (acknowledged.Count >= 60)
                    {
                        enoughAcknowledged.TrySetResult();
                    }
                }
            })).ToList();

            await enoughAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Kill();
            // Calls in flight at the kill fail; that is the point. Their outcome was never acknowledged.
            foreach (var call in storm)
            {
                try
                {
                    await call;
                }
                catch (global::Grpc.Core.RpcException)
                {
                }
            }
        }

        await using var restarted = await BotServerProcess.StartAsync(_data);
        var after = new Contracts.V1.GroupBuys.GroupBuysClient(restarted.Channel);
        var stock = (await new Contracts.V1.Catalog.CatalogClient(restarted.Channel).GetProductAsync(
            new GetProductRequest { MerchantId = "demo", ProductId = product }, BotServerApp.Admin)).Stock;
        var reloaded = await Task.WhenAll(teams.Select(id => after.GetGroupBuyAsync(new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = id }, BotServerApp.Admin).ResponseAsync));

        Assert.All(reloaded, team => Assert.InRange(team.Members.Count, 1, TeamSize));
        Assert.All(reloaded.Where(t => t.Members.Count == TeamSize), team => Assert.Equal(GroupBuyStatus.Succeeded, team.Status));
        var held = reloaded.Where(t => t.Status is GroupBuyStatus.Open or GroupBuyStatus.Succeeded).Sum(t => t.Members.Sum(m => m.Quantity));
        Assert.Equal(InitialStock, stock + held);
        var members = reloaded.SelectMany(t => t.Members.Select(m => (t.Id, m.UserId))).ToHashSet();
        Assert.All(acknowledged, join => Assert.Contains(join, members));
        var orders = await after.ListOrdersAsync(new ListOrdersRequest { MerchantId = "demo", PageSize = 200 }, BotServerApp.Admin);
        Assert.Equal(reloaded.Where(t => t.Status == GroupBuyStatus.Succeeded).Sum(t => t.Members.Count), orders.Orders.Count(o => o.ProductId == product));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
