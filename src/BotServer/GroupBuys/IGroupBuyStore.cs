namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>Everything <see cref="IGroupBuyStore.Start"/> needs, with defaults already resolved.</summary>
public sealed record StartCommand(
    string MerchantId,
    string RequestId,
    string ProductId,
    string Platform,
    string GroupId,
    string LeaderId,
    string LeaderName,
    int TeamSize,
    DateTime ExpiresAt,
    int Quantity,
    string CampaignId,
    bool VirtualFill,
    int PerUserLimit,
    string Origin,
    DateTime Now);

/// <summary>What one whole step did: its outcome, the team after it, and the events it committed (in order).</summary>
public sealed record StepResult<TOutcome>(TOutcome Outcome, GroupBuy GroupBuy, IReadOnlyList<GroupBuyEvent> Events, IReadOnlyList<Order> Orders);

/// <summary>
/// Group-buy storage as whole business steps: each is atomic (one LiteDB transaction today, one
/// SQL transaction later) and does its idempotency check, seat and stock checks, writes, orders
/// and events together, so no caller ever does read-modify-write.
/// </summary>
public interface IGroupBuyStore
{
    /// <summary>Creates the team with its leader and reserves the leader's units; a retried request id answers the team it made.</summary>
    StepResult<bool> Start(StartCommand command);

    StepResult<JoinOutcome> Join(string merchantId, string groupBuyId, string requestId, string userId, string displayName, int quantity, string origin, DateTime now);

    StepResult<LeaveOutcome> Leave(string merchantId, string groupBuyId, string requestId, string userId, string origin, DateTime now);

    /// <summary>Cancels an open team; false (nothing changed) when it is closed already and this request did not close it.</summary>
    StepResult<bool> Cancel(string merchantId, string groupBuyId, string requestId, string reason, DateTime now);

    /// <summary>Closes an open team whose deadline passed (failed, or filled virtually when enabled); false when there was nothing to do.</summary>
    StepResult<bool> Expire(string merchantId, string groupBuyId, DateTime now);

    /// <summary>Records a reminder once per team; false when it was sent before or the team is closed.</summary>
    StepResult<bool> Remind(string merchantId, string groupBuyId, string reminder, string origin, DateTime now);

    GroupBuy? Find(string merchantId, string groupBuyId);

    /// <summary>Newest first; a null group key or status means all.</summary>
    IReadOnlyList<GroupBuy> List(string merchantId, string? groupKey, GroupBuyStatus? status, int offset, int limit);

    /// <summary>Every open team of every merchant (for the deadline clock after a start).</summary>
    IReadOnlyList<GroupBuy> AllOpen();

    /// <summary>Newest first.</summary>
    IReadOnlyList<Order> Orders(string merchantId, string? userId, string? groupBuyId, int offset, int limit);

    IReadOnlyList<GroupBuyEvent> EventsAfter(string merchantId, long afterSequence, int limit);

    long LastSequence(string merchantId);
}
