using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using static ChatCommerce.BotServer.Tests.GroupBuys.GroupBuyTestData;

namespace ChatCommerce.BotServer.Tests.GroupBuys;

public sealed class GroupBuysServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private BotServerApp App => server.App;
    private Contracts.V1.GroupBuys.GroupBuysClient Client => App.GroupBuys();

    [Fact]
    public async Task StartingATeamReservesTheLeadersUnitAndShowsPricesAndSeats()
    {
        var product = await ProductAsync(App, stock: 10);

        var team = await StartAsync(App, product, teamSize: 4);

        Assert.Equal((GroupBuyStatus.Open, 3, 1), (team.Status, team.SeatsLeft, team.Members.Count));
        Assert.True(team.Members[0].IsLeader);
        Assert.Equal((100, 90L), (team.UnitPrice.Units, team.GroupPrice.Units));
        Assert.Matches("^GB-[2-9A-Z]{5}$", team.Id);
        Assert.Equal(9, await StockAsync(App, product));
        Assert.Equal(TimeSpan.FromHours(24), team.ExpiresAt.ToDateTime() - team.CreatedAt.ToDateTime());
    }

    [Fact]
    public async Task FiveHundredConcurrentJoinsFillATeamOfFiveExactlyOnce()
    {
        var product = await ProductAsync(App, stock: 1000);
        var team = await StartAsync(App, product, teamSize: 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => JoinAsync(App, team.Id, $"user-{i}"))));

        Assert.Equal(4, outcomes.Count(o => o.Outcome == JoinOutcome.Joined));
        Assert.Equal(496, outcomes.Count(o => o.Outcome == JoinOutcome.Full));
        var after = await Client.GetGroupBuyAsync(new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);
        Assert.Equal((GroupBuyStatus.Succeeded, 5), (after.Status, after.Members.Count));
        Assert.Equal(5, after.Members.Select(m => m.UserId).Distinct().Count());
        var orders = await Client.ListOrdersAsync(new ListOrdersRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);
        Assert.Equal(5, orders.Orders.Count);
        Assert.All(orders.Orders, o => Assert.Equal((OrderStatus.Confirmed, 80L), (o.Status, o.UnitPrice.Units)));
        Assert.Equal(995, await StockAsync(App, product));
    }

    [Fact]
    public async Task HundredsOfJoinsAcrossTeamsOfOneProductNeverOversell()
    {
        const int initial = 12;
        var product = await ProductAsync(App, stock: initial);
        var teams = new List<GroupBuy>();
        for (var i = 0; i < 5; i++)
        {
            teams.Add(await StartAsync(App, product, teamSize: 5, leader: $"leader-{i}"));
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => JoinAsync(App, teams[i % 5].Id, $"joiner-{i}"))));

        var after = await Task.WhenAll(teams.Select(t => Client.GetGroupBuyAsync(new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = t.Id }, BotServerApp.Admin).ResponseAsync));
        Assert.All(after, t => Assert.InRange(t.Members.Count, 1, 5));
        var held = after.Sum(t => t.Members.Sum(m => m.Quantity));
        var stock = await StockAsync(App, product);
        Assert.Equal(initial, held + stock);
        Assert.Equal(0, stock);
        Assert.Equal(held - 5, outcomes.Count(o => o.Outcome == JoinOutcome.Joined));
        Assert.Contains(outcomes, o => o.Outcome == JoinOutcome.OutOfStock);
    }

    [Fact]
    public async Task BadJoinsAmongConcurrentOnesFailAloneAndTheOthersAreAllCommitted()
    {
        // Each join is its own step: a bad one among many at once fails alone.
        var product = await ProductAsync(App, stock: 1000);
        var teams = new List<GroupBuy>();
        for (var i = 0; i < 4; i++)
        {
            teams.Add(await StartAsync(App, product, teamSize: 50, leader: $"batch-leader-{i}"));
        }
        var usedElsewhere = $"used-{Guid.NewGuid():n}";
        await JoinAsync(App, teams[0].Id, "first-user", requestId: usedElsewhere);

        async Task<StatusCode> Attempt(int i)
        {
            try
            {
                var join = (i % 10) switch
                {
                    3 => JoinAsync(App, teams[1].Id, $"reuser-{i}", requestId: usedElsewhere),
                    7 => JoinAsync(App, "GB-NOPE9", $"lost-{i}"),
                    _ => JoinAsync(App, teams[i % 4].Id, $"batch-user-{i}"),
                };
                await join;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }
        var statuses = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => Attempt(i))));

        Assert.Equal(96, statuses.Count(s => s == StatusCode.OK));
        Assert.Equal(12, statuses.Count(s => s == StatusCode.InvalidArgument));
        Assert.Equal(12, statuses.Count(s => s == StatusCode.NotFound));
        var after = await Task.WhenAll(teams.Select(t => Client.GetGroupBuyAsync(new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = t.Id }, BotServerApp.Admin).ResponseAsync));
        var members = after.SelectMany(t => t.Members).Select(m => m.UserId).ToList();
        Assert.Equal(4 + 1 + 96, members.Count);
        Assert.Equal(Enumerable.Range(0, 120).Where(i => i % 10 is not (3 or 7)).Select(i => $"batch-user-{i}").Order(), members.Where(m => m.StartsWith("batch-user-", StringComparison.Ordinal)).Order());
        Assert.Equal(1000 - members.Count, await StockAsync(App, product));
    }

    [Fact]
    public async Task TheSameRequestIdTwiceAnswersTheSameOutcomeWithOneMembership()
    {
        var team = await StartAsync(App, await ProductAsync(App, stock: 10), teamSize: 3);

        var first = await JoinAsync(App, team.Id, "bob", requestId: "join-once");
        var again = await JoinAsync(App, team.Id, "bob", requestId: "join-once");
        var sameUserNewRequest = await JoinAsync(App, team.Id, "bob");

        Assert.Equal(JoinOutcome.Joined, first.Outcome);
        Assert.Equal(JoinOutcome.Joined, again.Outcome);
        Assert.Equal(JoinOutcome.AlreadyJoined, sameUserNewRequest.Outcome);
        Assert.Single(again.GroupBuy.Members, m => m.UserId == "bob");
    }

    [Fact]
    public async Task ARequestIdReusedForAnotherTeamIsRefused()
    {
        var product = await ProductAsync(App, stock: 10);
        var one = await StartAsync(App, product, teamSize: 3);
        var two = await StartAsync(App, product, teamSize: 3);
        await JoinAsync(App, one.Id, "bob", requestId: "reused");

        var error = await Assert.ThrowsAsync<RpcException>(() => JoinAsync(App, two.Id, "bob", requestId: "reused"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task TheLeaderLeavingHandsTheTeamToTheNextMember()
    {
        var product = await ProductAsync(App, stock: 10);
        var team = await StartAsync(App, product, teamSize: 4, leader: "alice");
        await JoinAsync(App, team.Id, "bob");

        var left = await Client.LeaveGroupBuyAsync(new LeaveGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id, UserId = "alice" }, BotServerApp.Admin);

        Assert.Equal(LeaveOutcome.Left, left.Outcome);
        Assert.Equal(("bob", true), (left.GroupBuy.Members[0].UserId, left.GroupBuy.Members[0].IsLeader));
        Assert.Equal(9, await StockAsync(App, product));
    }

    [Fact]
    public async Task TheLastMemberLeavingCancelsTheTeamAndReleasesItsStock()
    {
        var product = await ProductAsync(App, stock: 10);
        var team = await StartAsync(App, product, teamSize: 3, leader: "alice");

        var left = await Client.LeaveGroupBuyAsync(new LeaveGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id, UserId = "alice" }, BotServerApp.Admin);
        var notMember = await Client.LeaveGroupBuyAsync(new LeaveGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id, UserId = "zed" }, BotServerApp.Admin);

        Assert.Equal(GroupBuyStatus.Cancelled, left.GroupBuy.Status);
        Assert.Equal(LeaveOutcome.AlreadyClosed, notMember.Outcome);
        Assert.Equal(10, await StockAsync(App, product));
    }

    [Fact]
    public async Task TheGroupPriceDropsAsTheTeamGrowsPastATier()
    {
        var team = await StartAsync(App, await ProductAsync(App, stock: 10), teamSize: 5);

        var two = await JoinAsync(App, team.Id, "u2");
        await JoinAsync(App, team.Id, "u3");
        var four = await JoinAsync(App, team.Id, "u4");

        Assert.Equal(90, two.GroupBuy.GroupPrice.Units);
        Assert.Equal(80, four.GroupBuy.GroupPrice.Units);
        Assert.Equal(2, four.GroupBuy.PriceTiers.Count);
    }

    [Fact]
    public async Task CancellingReleasesStockMarksRefundsDueAndASecondCancelIsRefused()
    {
        var product = await ProductAsync(App, stock: 10);
        var team = await StartAsync(App, product, teamSize: 3);
        await JoinAsync(App, team.Id, "bob");

        var cancelled = await Client.CancelGroupBuyAsync(new CancelGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id, Reason = "supplier delay" }, BotServerApp.Admin);
        var again = await Assert.ThrowsAsync<RpcException>(() => Client.CancelGroupBuyAsync(new CancelGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin).ResponseAsync);
        var orders = await Client.ListOrdersAsync(new ListOrdersRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);

        Assert.Equal(GroupBuyStatus.Cancelled, cancelled.Status);
        Assert.Equal(10, await StockAsync(App, product));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal("GROUP_BUY_CLOSED", again.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(2, orders.Orders.Count(o => o.Status == OrderStatus.RefundDue));
    }

    [Fact]
    public async Task ABadStartIsRefusedFieldByField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.StartGroupBuyAsync(new StartGroupBuyRequest
        {
            MerchantId = "demo", ProductId = "", Platform = "console", GroupId = "", TeamSize = 60, Quantity = -1,
            Window = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(9)),
        }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "request_id", "product_id", "group_id", "leader.user_id", "team_size", "window", "quantity" }, fields);
    }

    [Fact]
    public async Task AProductOutOfStockCannotStartATeam()
    {
        var product = await ProductAsync(App, stock: 0);

        var error = await Assert.ThrowsAsync<RpcException>(() => StartAsync(App, product, teamSize: 3));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("OUT_OF_STOCK", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task APerUserLimitOfTheGroupGivesLimitExceeded()
    {
        var group = "limited-" + Guid.NewGuid().ToString("n");
        await App.Merchants().BindGroupAsync(new BindGroupRequest
        {
            MerchantId = "demo", Platform = "console", GroupId = group, GroupBuyDefaults = new GroupBuyDefaults { PerUserLimit = 1 },
        }, BotServerApp.Admin);
        var product = await ProductAsync(App, stock: 10);
        var one = await StartAsync(App, product, teamSize: 3, group: group);
        var two = await StartAsync(App, product, teamSize: 3, leader: "other", group: group);
        await JoinAsync(App, one.Id, "bob");

        var second = await JoinAsync(App, two.Id, "bob");

        Assert.Equal(JoinOutcome.LimitExceeded, second.Outcome);
    }

    [Fact]
    public async Task TeamsAreListedByGroupAndStatusNewestFirst()
    {
        var group = "listed-" + Guid.NewGuid().ToString("n");
        var product = await ProductAsync(App, stock: 10);
        var first = await StartAsync(App, product, teamSize: 3, group: group);
        var second = await StartAsync(App, product, teamSize: 3, leader: "b", group: group);
        await Client.CancelGroupBuyAsync(new CancelGroupBuyRequest { MerchantId = "demo", GroupBuyId = first.Id }, BotServerApp.Admin);

        var open = await Client.ListGroupBuysAsync(new ListGroupBuysRequest { MerchantId = "demo", Platform = "console", GroupId = group, Status = GroupBuyStatus.Open }, BotServerApp.Admin);
        var all = await Client.ListGroupBuysAsync(new ListGroupBuysRequest { MerchantId = "demo", Platform = "console", GroupId = group, PageSize = 1 }, BotServerApp.Admin);

        Assert.Equal([second.Id], open.GroupBuys.Select(g => g.Id));
        Assert.Single(all.GroupBuys);
        Assert.NotEmpty(all.NextPageToken);
    }

    [Fact]
    public async Task WatchingFromASequenceReplaysWhatWasMissedAndThenGoesLive()
    {
        var group = "watched-" + Guid.NewGuid().ToString("n");
        var product = await ProductAsync(App, stock: 10);
        var team = await StartAsync(App, product, teamSize: 3, group: group);
        using var watch = Client.WatchGroupBuys(new WatchGroupBuysRequest { MerchantId = "demo", Platform = "console", GroupId = group }, BotServerApp.Admin);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var started = watch.ResponseStream.Current;

        await JoinAsync(App, team.Id, "bob");
        await JoinAsync(App, team.Id, "carol");
        var live = new List<Contracts.V1.GroupBuyEvent>();
        while (live.Count < 4 && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            if (watch.ResponseStream.Current.Type != GroupBuyEventType.Heartbeat)
            {
                live.Add(watch.ResponseStream.Current);
            }
        }
        using var resumed = Client.WatchGroupBuys(new WatchGroupBuysRequest { MerchantId = "demo", AfterSequence = started.Sequence, Platform = "console", GroupId = group }, BotServerApp.Admin);
        var replayed = new List<Contracts.V1.GroupBuyEvent>();
        while (replayed.Count < 4 && await resumed.ResponseStream.MoveNext(timeout.Token))
        {
            replayed.Add(resumed.ResponseStream.Current);
        }

        Assert.Equal(GroupBuyEventType.GroupBuyStarted, started.Type);
        Assert.Equal([GroupBuyEventType.MemberJoined, GroupBuyEventType.GroupBuyReminder, GroupBuyEventType.MemberJoined, GroupBuyEventType.GroupBuySucceeded], live.Select(e => e.Type));
        Assert.Equal(live.Select(e => e.Sequence), replayed.Select(e => e.Sequence));
        Assert.True(live.Zip(live.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.Equal(GroupBuyStatus.Succeeded, live[^1].GroupBuy.Status);
    }
}
