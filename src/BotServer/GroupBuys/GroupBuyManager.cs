using System.Collections.Concurrent;
using System.Globalization;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>A request to start a team; 0 / null fields take the group's, merchant's or product's defaults.</summary>
public sealed record StartGroupBuy(
    string RequestId,
    string ProductId,
    string Platform,
    string GroupId,
    string LeaderId,
    string LeaderName,
    int TeamSize = 0,
    TimeSpan? Window = null,
    int Quantity = 0,
    string CampaignId = "",
    DateTime? CampaignEndsAt = null,
    string Origin = Origins.Api);

public sealed record GroupBuyPage(IReadOnlyList<GroupBuy> GroupBuys, string NextPageToken);

public sealed record OrderPage(IReadOnlyList<Order> Orders, string NextPageToken);

/// <summary>
/// Group buys: validation, defaults, and the store's whole steps, followed by what must happen
/// after a commit — events to live readers in sequence order, group signals, the deadline clock.
/// Steps run one at a time in this process: LiteDB does not isolate a read of the team from a
/// concurrent write of the stock, so the store's steps are serialised here.
/// </summary>
public sealed class GroupBuyManager(
    IGroupBuyStore store,
    GroupDirectory groups,
    IMerchantStore merchants,
    IProductStore products,
    IProductSearch search,
    IGroupSignals signals,
    GroupBuyEventHub hub,
    IOptions<GroupBuyOptions> options,
    TimeProvider time)
{
    public const int MaxQuantity = 99;
    public const int MaxIdLength = 128;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    private readonly Lock _steps = new();

    // The open teams of each group, newest first, kept beside the store: chat asks "is a roster open
    // here?" on every message. Replaced (never changed in place) after each step, inside _steps.
    private readonly ConcurrentDictionary<string, GroupBuy[]> _openByGroup = new(
        store.AllOpen().OrderByDescending(t => t.CreatedAt).GroupBy(t => t.GroupKey).Select(g => KeyValuePair.Create(g.Key, g.ToArray())),
        StringComparer.Ordinal);

    /// <summary>Teams whose deadline the clock must watch: every started team is announced here.</summary>
    public event Action<GroupBuy>? Started;

    public GroupBuy Start(string merchantId, StartGroupBuy request)
    {
        var violations = new Violations()
            .When(string.IsNullOrWhiteSpace(request.RequestId), "request_id", "is required (an idempotency key)")
            .When(request.RequestId.Length > MaxIdLength, "request_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(request.ProductId), "product_id", "is required")
            .When(string.IsNullOrWhiteSpace(request.Platform) || request.Platform.Length > 32, "platform", "must be 1..32 characters")
            .When(string.IsNullOrWhiteSpace(request.GroupId) || request.GroupId.Length > MessageRules.MaxIdLength, "group_id", $"must be 1..{MessageRules.MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(request.LeaderId) || request.LeaderId.Length > MessageRules.MaxIdLength, "leader.user_id", $"must be 1..{MessageRules.MaxIdLength} characters")
            .When(request.TeamSize != 0 && request.TeamSize is < GroupBuyDefaults.MinTeamSize or > GroupBuyDefaults.MaxTeamSize, "team_size", "must be 2..50, or 0 for the default")
            .When(request.Window is { } w && (w < GroupBuyDefaults.MinWindow || w > GroupBuyDefaults.MaxWindow), "window", "must be 1 minute .. 7 days, or unset for the default")
            .When(request.Quantity is < 0 or > MaxQuantity, "quantity", $"must be 1..{MaxQuantity}, or 0 for 1")
            .When(request.CampaignId.Length > MaxIdLength, "campaign_id", $"must be at most {MaxIdLength} characters");
        violations.ThrowIfAny();

        var now = time.GetStoredUtcNow();
        var group = groups.Get(merchantId, request.Platform, request.GroupId).GroupBuyDefaults;
        var merchant = merchants.Find(merchantId)?.GroupBuyDefaults;
        var product = products.Find(merchantId, request.ProductId) ?? throw new NotFoundException("product", request.ProductId);
        var lowestTier = product.GroupPriceTiers.Count > 0 ? product.GroupPriceTiers.Min(t => t.MinTeamSize) : (int?)null;
        var teamSize = request.TeamSize > 0 ? request.TeamSize
            : group?.TeamSize ?? merchant?.TeamSize ?? Math.Max(lowestTier ?? options.Value.DefaultTeamSize, GroupBuyDefaults.MinTeamSize);
        if (lowestTier is { } needed && teamSize < needed)
        {
            throw new InvalidRequestException("team_size", $"must be at least {needed}: this product's group price starts at a team of {needed}");
        }
        var window = request.Window ?? group?.Window ?? merchant?.Window ?? options.Value.DefaultWindow;
        var expiresAt = now + window;
        if (request.CampaignEndsAt is { } end)
        {
            if (end <= now)
            {
                throw new BusinessRuleException("CAMPAIGN_ENDED", "The campaign has ended; no new teams can start.");
            }
            expiresAt = end < expiresAt ? end : expiresAt;
        }
        var command = new StartCommand(
            merchantId, request.RequestId, request.ProductId, request.Platform, request.GroupId, request.LeaderId,
            string.IsNullOrWhiteSpace(request.LeaderName) ? request.LeaderId : request.LeaderName,
            teamSize, expiresAt, Math.Max(1, request.Quantity), request.CampaignId,
            group?.VirtualFill ?? merchant?.VirtualFill ?? false,
            group is { PerUserLimit: > 0 } ? group.PerUserLimit : merchant?.PerUserLimit ?? 0,
            request.Origin,
            now);
        var result = Run(() => store.Start(command));
        if (result.Events.Count > 0)
        {
            Started?.Invoke(result.GroupBuy);
        }
        return result.GroupBuy;
    }

    public StepResult<JoinOutcome> Join(string merchantId, string groupBuyId, string requestId, string userId, string displayName, int quantity, string origin = Origins.Api)
    {
        new Violations()
            .When(string.IsNullOrWhiteSpace(requestId), "request_id", "is required (an idempotency key)")
            .When(requestId.Length > MaxIdLength, "request_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(groupBuyId), "group_buy_id", "is required")
            .When(string.IsNullOrWhiteSpace(userId) || userId.Length > MessageRules.MaxIdLength, "user.user_id", $"must be 1..{MessageRules.MaxIdLength} characters")
            .When(quantity is < 0 or > MaxQuantity, "quantity", $"must be 1..{MaxQuantity}, or 0 for 1")
            .ThrowIfAny();
        var name = string.IsNullOrWhiteSpace(displayName) ? userId : displayName;
        var result = Run(() => store.Join(merchantId, groupBuyId.Trim(), requestId, userId, name, Math.Max(1, quantity), origin, time.GetStoredUtcNow()));
        if (options.Value.RemindAtLastSeat && result is { Outcome: JoinOutcome.Joined, GroupBuy: { Status: GroupBuyStatus.Open, SeatsLeft: 1, TeamSize: > 2 } })
        {
            Remind(merchantId, result.GroupBuy.Id, Reminders.LastSeat, origin);
        }
        return result;
    }

    public StepResult<LeaveOutcome> Leave(string merchantId, string groupBuyId, string requestId, string userId, string origin = Origins.Api)
    {
        new Violations()
            .When(requestId.Length > MaxIdLength, "request_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(groupBuyId), "group_buy_id", "is required")
            .When(string.IsNullOrWhiteSpace(userId), "user_id", "is required")
            .ThrowIfAny();
        return Run(() => store.Leave(merchantId, groupBuyId.Trim(), requestId, userId, origin, time.GetStoredUtcNow()));
    }

    public GroupBuy Cancel(string merchantId, string groupBuyId, string requestId, string reason)
    {
        new Violations()
            .When(requestId.Length > MaxIdLength, "request_id", $"must be at most {MaxIdLength} characters")
            .When(string.IsNullOrWhiteSpace(groupBuyId), "group_buy_id", "is required")
            .When(reason.Length > 500, "reason", "must be at most 500 characters")
            .ThrowIfAny();
        var result = Run(() => store.Cancel(merchantId, groupBuyId, requestId, reason.Trim(), time.GetStoredUtcNow()));
        return result.Outcome
            ? result.GroupBuy
            : throw new BusinessRuleException("GROUP_BUY_CLOSED", $"Group buy {groupBuyId} is {result.GroupBuy.Status.ToString().ToLowerInvariant()} already.");
    }

    /// <summary>Closes a team whose deadline passed (the clock calls this); false when there was nothing to do.</summary>
    public bool Expire(string merchantId, string groupBuyId) =>
        Run(() => store.Expire(merchantId, groupBuyId, time.GetStoredUtcNow())).Outcome;

    public bool Remind(string merchantId, string groupBuyId, string reminder, string origin = Origins.Api) =>
        Run(() => store.Remind(merchantId, groupBuyId, reminder, origin, time.GetStoredUtcNow())).Outcome;

    public GroupBuy Get(string merchantId, string groupBuyId) =>
        store.Find(merchantId, RequireId(groupBuyId)) ?? throw new NotFoundException("group buy", groupBuyId);

    /// <summary>The group's open teams, newest first (from memory; read-only copies).</summary>
    public IReadOnlyList<GroupBuy> OpenInGroup(string merchantId, string platform, string groupId) =>
        _openByGroup.TryGetValue(GroupBuy.GroupKeyOf(merchantId, platform, groupId), out var open) ? open : [];

    public GroupBuyPage List(string merchantId, string? platform, string? groupId, GroupBuyStatus? status, int pageSize, string? pageToken)
    {
        var (offset, size) = Page(pageSize, pageToken, new Violations()
            .When(string.IsNullOrEmpty(platform) != string.IsNullOrEmpty(groupId), "group_id", "platform and group_id go together"));
        var groupKey = string.IsNullOrEmpty(groupId) ? null : GroupBuy.GroupKeyOf(merchantId, platform!, groupId);
        var items = store.List(merchantId, groupKey, status, offset, size + 1);
        return new GroupBuyPage(items.Take(size).ToList(), NextToken(items.Count > size, offset + size));
    }

    public OrderPage Orders(string merchantId, string? userId, string? groupBuyId, int pageSize, string? pageToken)
    {
        var (offset, size) = Page(pageSize, pageToken, new Violations());
        var items = store.Orders(merchantId, userId, groupBuyId, offset, size + 1);
        return new OrderPage(items.Take(size).ToList(), NextToken(items.Count > size, offset + size));
    }

    public IReadOnlyList<GroupBuyEvent> EventsAfter(string merchantId, long afterSequence, int limit) => store.EventsAfter(merchantId, afterSequence, limit);

    public long LastSequence(string merchantId) => store.LastSequence(merchantId);

    /// <summary>Every open team (from memory, read once from the store at start).</summary>
    public IReadOnlyList<GroupBuy> AllOpen() => _openByGroup.Values.SelectMany(teams => teams).ToList();

    private StepResult<T> Run<T>(Func<StepResult<T>> step)
    {
        StepResult<T> result;
        lock (_steps)
        {
            result = step();
            if (result.Events.Count > 0)
            {
                TrackOpen(result.GroupBuy);
            }
            hub.Publish(result.Events);
        }
        AfterCommit(result);
        return result;
    }

    private void TrackOpen(GroupBuy team)
    {
        var others = (_openByGroup.TryGetValue(team.GroupKey, out var current) ? current : []).Where(t => t.Id != team.Id);
        var open = team.Status == GroupBuyStatus.Open ? others.Prepend(team.Copy()).OrderByDescending(t => t.CreatedAt).ToArray() : others.ToArray();
        if (open.Length == 0)
        {
            _openByGroup.TryRemove(team.GroupKey, out _);
        }
        else
        {
            _openByGroup[team.GroupKey] = open;
        }
    }

    // Signals and the search index's in-stock flag follow the committed step, outside its transaction.
    private void AfterCommit<T>(StepResult<T> result)
    {
        if (result.Events.Count == 0)
        {
            return;
        }
        var team = result.GroupBuy;
        var at = new DateTimeOffset(DateTime.SpecifyKind(result.Events[^1].OccurredAt, DateTimeKind.Utc));
        var recorded = result.Events
            .Where(e => e.Type is GroupBuyEventType.Started or GroupBuyEventType.MemberJoined)
            .Select(e => new GroupSignal(team.MerchantId, team.Platform, team.GroupId, e.Type == GroupBuyEventType.Started ? team.Leader.UserId : e.UserId, team.ProductId, SignalKind.Joined, at))
            .Concat(result.Orders.Where(o => o.Status == OrderStatus.Confirmed)
                .Select(o => new GroupSignal(team.MerchantId, team.Platform, team.GroupId, o.UserId, team.ProductId, SignalKind.Purchased, at)))
            .ToList();
        if (recorded.Count > 0)
        {
            signals.Record(recorded);
        }
        // Search filters on "in stock": re-index when a reservation may have emptied the stock or
        // a release refilled it, not on every join.
        var released = result.Events.Any(e => e.Type is GroupBuyEventType.MemberLeft or GroupBuyEventType.Failed or GroupBuyEventType.Cancelled);
        if (products.Find(team.MerchantId, team.ProductId) is { } product && (released || product.Stock == 0))
        {
            search.Index([product]);
        }
    }

    private static string RequireId(string groupBuyId) =>
        string.IsNullOrWhiteSpace(groupBuyId) ? throw new InvalidRequestException("group_buy_id", "is required") : groupBuyId.Trim();

    private static (int Offset, int Size) Page(int pageSize, string? pageToken, Violations violations)
    {
        violations
            .When(pageSize is < 0 or > MaxPageSize, "page_size", $"must be 0..{MaxPageSize}")
            .When(!string.IsNullOrEmpty(pageToken) && !int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out _), "page_token", "is not a token this server gave out")
            .ThrowIfAny();
        return (string.IsNullOrEmpty(pageToken) ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture), pageSize == 0 ? DefaultPageSize : pageSize);
    }

    private static string NextToken(bool more, int next) => more ? next.ToString(CultureInfo.InvariantCulture) : "";
}

/// <summary>Where a change came from; the chat answers its own changes itself, the announcer the others.</summary>
public static class Origins
{
    public const string Chat = "chat";
    public const string Api = "api";
}

/// <summary>Names of the reminders a team gets at most once each.</summary>
public static class Reminders
{
    public const string TimeRunningOut = "time_running_out";
    public const string LastSeat = "last_seat";
}
