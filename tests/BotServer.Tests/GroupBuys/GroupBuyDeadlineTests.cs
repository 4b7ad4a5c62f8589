using ChatCommerce.BotServer.GroupBuys;
using ChatCommerce.BotServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Contract = ChatCommerce.Contracts.V1;
using static ChatCommerce.BotServer.Tests.GroupBuys.GroupBuyTestData;

namespace ChatCommerce.BotServer.Tests.GroupBuys;

/// <summary>Deadlines and reminders on a fake clock, and across a restart on the same data.</summary>
public sealed class GroupBuyDeadlineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _data = BotServerApp.NewDataDirectory();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));

    private BotServerApp NewApp(FakeTimeProvider? time = null) =>
        new(new Dictionary<string, string?> { ["GroupBuys:ReminderBefore"] = "01:00:00" }, _data, time ?? _time);

    /// <summary>The next event of the given type, as the hub hands it to live readers.</summary>
    private static async Task<BotServer.GroupBuys.GroupBuyEvent> NextAsync(GroupBuyEventHub.Reader reader, GroupBuyEventType type)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var e in reader.Events.ReadAllAsync(timeout.Token))
        {
            if (e.Type == type)
            {
                return e;
            }
        }
        throw new InvalidOperationException("the hub closed");
    }

    [Fact]
    public async Task ATeamThatDoesNotFillByItsDeadlineFailsAndReleasesItsStock()
    {
        using var app = NewApp();
        var product = await ProductAsync(app, stock: 10);
        var team = await StartAsync(app, product, teamSize: 3, window: TimeSpan.FromHours(2));
        await JoinAsync(app, team.Id, "bob");
        using var reader = app.Services.GetRequiredService<GroupBuyEventHub>().Subscribe("demo");

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var reminder = await NextAsync(reader, GroupBuyEventType.Reminder);
        _time.Advance(TimeSpan.FromHours(1));
        var failed = await NextAsync(reader, GroupBuyEventType.Failed);

        Assert.Equal((team.Id, Reminders.TimeRunningOut), (reminder.GroupBuy.Id, reminder.Detail));
        Assert.Equal((team.Id, GroupBuyStatus.Failed), (failed.GroupBuy.Id, failed.GroupBuy.Status));
        Assert.Equal(10, await StockAsync(app, product));
        var late = await JoinAsync(app, team.Id, "carol");
        Assert.Equal(Contract.JoinOutcome.Closed, late.Outcome);
    }

    [Fact]
    public async Task ATeamWhoseDeadlinePassedWhileTheServerWasDownFailsAtStart()
    {
        string product;
        Contract.GroupBuy team;
        using (var before = NewApp())
        {
            product = await ProductAsync(before, stock: 10);
            team = await StartAsync(before, product, teamSize: 3, window: TimeSpan.FromMinutes(30));
            await JoinAsync(before, team.Id, "bob");
            Assert.Equal(8, await StockAsync(before, product));
        }

        var later = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromHours(3));
        using var after = NewApp(later);
        var reloaded = await after.GroupBuys().GetGroupBuyAsync(new Contract.GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);

        Assert.Equal(Contract.GroupBuyStatus.Failed, reloaded.Status);
        Assert.Equal(10, await StockAsync(after, product));
    }

    [Fact]
    public async Task AnOpenTeamKeepsItsDeadlineAcrossARestart()
    {
        string product;
        Contract.GroupBuy team;
        using (var before = NewApp())
        {
            product = await ProductAsync(before, stock: 10);
            team = await StartAsync(before, product, teamSize: 3, window: TimeSpan.FromHours(2));
        }

        using var after = NewApp();
        using var reader = after.Services.GetRequiredService<GroupBuyEventHub>().Subscribe("demo");
        var stillOpen = await after.GroupBuys().GetGroupBuyAsync(new Contract.GetGroupBuyRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);
        _time.Advance(TimeSpan.FromHours(2));
        var failed = await NextAsync(reader, GroupBuyEventType.Failed);

        Assert.Equal(Contract.GroupBuyStatus.Open, stillOpen.Status);
        Assert.Equal(team.Id, failed.GroupBuy.Id);
    }

    [Fact]
    public async Task VirtualFillCompletesATeamAtItsDeadlineOnlyWhenTheMerchantAskedForIt()
    {
        using var app = NewApp();
        await app.Merchants().BindGroupAsync(new Contract.BindGroupRequest
        {
            MerchantId = "demo", Platform = "console", GroupId = "virtual", GroupBuyDefaults = new Contract.GroupBuyDefaults { VirtualFill = true },
        }, BotServerApp.Admin);
        var product = await ProductAsync(app, stock: 10);
        var team = await StartAsync(app, product, teamSize: 3, group: "virtual", window: TimeSpan.FromMinutes(10));
        using var reader = app.Services.GetRequiredService<GroupBuyEventHub>().Subscribe("demo");

        _time.Advance(TimeSpan.FromMinutes(10));
        var succeeded = await NextAsync(reader, GroupBuyEventType.Succeeded);
        var orders = await app.GroupBuys().ListOrdersAsync(new Contract.ListOrdersRequest { MerchantId = "demo", GroupBuyId = team.Id }, BotServerApp.Admin);

        Assert.True(succeeded.GroupBuy.VirtualFill);
        Assert.Equal(2, succeeded.GroupBuy.Members.Count(m => m.IsVirtual));
        Assert.Equal("virtual_fill", succeeded.Detail);
        Assert.Equal(["leader"], orders.Orders.Select(o => o.UserId));
        Assert.Contains("模拟成团", GroupBuyTexts.Succeeded("zh", succeeded.GroupBuy));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
