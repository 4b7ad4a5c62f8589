using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using static ChatCommerce.BotServer.Tests.GroupBuys.GroupBuyTestData;

namespace ChatCommerce.BotServer.Tests.GroupBuys;

/// <summary>
/// The group-buy store answers open teams and the next event sequence from memory beside
/// LiteDB: a restart, which reads only the file, must find exactly what the running server said.
/// </summary>
public sealed class GroupBuyRememberedStateTests : IDisposable
{
    private readonly string _data = BotServerApp.NewDataDirectory();

    [Fact]
    public async Task ATeamAndItsEventsAfterJoinsARetryARefusalAndALeaveAreWhatTheFileHoldsAfterARestart()
    {
        GroupBuy team;
        GroupBuy answeredBefore;
        using (var app = new BotServerApp(dataDirectory: _data))
        {
            var product = await ProductAsync(app, stock: 10);
            team = await StartAsync(app, product, teamSize: 5);
            await JoinAsync(app, team.Id, "bob");
            await JoinAsync(app, team.Id, "carol", requestId: "carol-join");
            await JoinAsync(app, team.Id, "carol", requestId: "carol-join");
            var other = await StartAsync(app, product, teamSize: 2, leader: "dave", group: "other-group");
            var refused = await Assert.ThrowsAsync<RpcException>(() => JoinAsync(app, other.Id, "erin", requestId: "carol-join"));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            await app.GroupBuys().LeaveGroupBuyAsync(new LeaveGroupBuyRequest { RequestId = "bob-leave", MerchantId = "demo", GroupBuyId = team.Id, UserId = "bob" }, BotServerApp.Admin);
            await JoinAsync(app, team.Id, "erin");
            answeredBefore = await GetAsync(app, team.Id);
        }

        using var restarted = new BotServerApp(dataDirectory: _data);
        var readBack = await GetAsync(restarted, team.Id);
        await JoinAsync(restarted, team.Id, "frank");
        var events = await EventsUntilAsync(restarted, e => e.Type == GroupBuyEventType.MemberJoined && e.UserId == "frank");

        Assert.Equal(answeredBefore, readBack);
        Assert.Equal(["leader", "carol", "erin"], readBack.Members.Select(m => m.UserId));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Sequence));
    }

    private static Task<GroupBuy> GetAsync(BotServerApp app, string id) =>
        app.GroupBuys().GetGroupBuyAsync(new GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = id }, BotServerApp.Admin).ResponseAsync;

    private static async Task<List<GroupBuyEvent>> EventsUntilAsync(BotServerApp app, Func<GroupBuyEvent, bool> last)
    {
        using var call = app.GroupBuys().WatchGroupBuys(new WatchGroupBuysRequest { MerchantId = "demo" }, BotServerApp.Admin, DateTime.UtcNow.AddSeconds(20));
        var events = new List<GroupBuyEvent>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current);
            if (last(call.ResponseStream.Current))
            {
                return events;
            }
        }
        throw new InvalidOperationException("the watch ended before the last event");
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
