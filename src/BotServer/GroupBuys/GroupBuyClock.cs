using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>
/// Deadlines and time reminders of open teams, driven by the injected <see cref="TimeProvider"/>.
/// At start it rebuilds its schedule from storage; a team whose deadline passed while the
/// server was down fails before the server takes requests.
/// </summary>
public sealed partial class GroupBuyClock(GroupBuyManager manager, IOptions<GroupBuyOptions> options, TimeProvider time, ILogger<GroupBuyClock> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<(string MerchantId, string Id, string? Reminder), DateTime> _due = new();
    private readonly SemaphoreSlim _changed = new(0);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        manager.Started += Track;
        var now = time.GetUtcNow().UtcDateTime;
        var expired = 0;
        foreach (var team in manager.AllOpen())
        {
            if (team.ExpiresAt <= now)
            {
                expired += manager.Expire(team.MerchantId, team.Id) ? 1 : 0;
            }
            else
            {
                Track(team);
            }
        }
        LogRebuilt(logger, _due.Count, expired);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Schedules the team's deadline and its time-running-out reminder.</summary>
    public void Track(GroupBuy team)
    {
        lock (_gate)
        {
            _due.Enqueue((team.MerchantId, team.Id, null), team.ExpiresAt);
            var remindAt = team.ExpiresAt - options.Value.ReminderBefore;
            if (options.Value.ReminderBefore > TimeSpan.Zero && remindAt > team.CreatedAt && !team.RemindersSent.Contains(Reminders.TimeRunningOut))
            {
                _due.Enqueue((team.MerchantId, team.Id, Reminders.TimeRunningOut), remindAt);
            }
        }
        _changed.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One wait on the signal at a time: an abandoned wait would swallow the next wake-up.
        Task changed = _changed.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? wait;
            lock (_gate)
            {
                wait = _due.TryPeek(out _, out var at) ? at - time.GetUtcNow().UtcDateTime : null;
            }
            if (wait is { } delay && delay <= TimeSpan.Zero)
            {
                RunDue();
                continue;
            }
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var woken = wait is { } until ? Task.WhenAny(changed, Task.Delay(until, time, timer.Token)) : changed;
                await woken.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                // A wake-up before the deadline: drop the timer rather than leave it pending.
                await timer.CancelAsync();
            }
            if (changed.IsCompleted)
            {
                changed = _changed.WaitAsync(stoppingToken);
            }
        }
    }

    private void RunDue()
    {
        (string MerchantId, string Id, string? Reminder) item;
        lock (_gate)
        {
            if (!_due.TryDequeue(out item, out _))
            {
                return;
            }
        }
        try
        {
            if (item.Reminder is { } reminder)
            {
                manager.Remind(item.MerchantId, item.Id, reminder);
            }
            else
            {
                manager.Expire(item.MerchantId, item.Id);
            }
        }
        catch (Exception e) when (e is LiteDB.LiteException or IOException)
        {
            // Storage trouble: try again shortly rather than lose the deadline.
            LogRetry(logger, e, item.Id);
            lock (_gate)
            {
                _due.Enqueue(item, time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(5));
            }
        }
    }

    public override void Dispose()
    {
        manager.Started -= Track;
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group-buy clock: {Scheduled} deadlines and reminders scheduled, {Expired} teams expired while the server was down")]
    private static partial void LogRebuilt(ILogger logger, int scheduled, int expired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group buy {GroupBuyId}: storage failed at its deadline; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string groupBuyId);
}
