using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>
/// Group buys in LiteDB. Every step runs inside one <see cref="LiteDbContext.InTransaction{T}"/>
/// (thread-bound: no await inside), touching the team, the product's stock, orders, the request
/// record and the event outbox together — all or nothing, also under SIGKILL.
/// </summary>
public sealed class LiteDbGroupBuyStore : IGroupBuyStore
{
    private const string IdAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private readonly LiteDbContext _db;

    // Committed state kept beside the file (see Run): open teams by key, last event sequence by merchant.
    private readonly ConcurrentDictionary<string, GroupBuy> _openTeams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sequences = new(StringComparer.Ordinal);

    public LiteDbGroupBuyStore(LiteDbContext db)
    {
        _db = db;
        var mapper = db.Database.Mapper;
        // Computed properties are not stored (Leader would even throw on an emptied team).
        mapper.Entity<GroupBuy>().Id(g => g.Key, autoId: false)
            .Ignore(g => g.Leader).Ignore(g => g.SeatsLeft).Ignore(g => g.FinalGroupPrice);
        mapper.Entity<Order>().Id(o => o.Key, autoId: false).Ignore(o => o.Total);
        mapper.Entity<GroupBuyEvent>().Id(e => e.Key, autoId: false);
        mapper.Entity<RequestRecord>().Id(r => r.Key, autoId: false);
        mapper.Entity<Counter>().Id(c => c.Key, autoId: false);
        mapper.ToDocument(new GroupBuyEvent { GroupBuy = new GroupBuy { Members = [new GroupBuyMember()], PriceTiers = [new GroupPriceTier()] } });
        mapper.ToDocument(new Order());
        mapper.ToDocument(new RequestRecord());
        mapper.ToDocument(new Counter());
        Teams.EnsureIndex(g => g.MerchantId);
        Teams.EnsureIndex(g => g.GroupKey);
        Teams.EnsureIndex(g => g.Status);
        Teams.EnsureIndex(g => g.CampaignKey);
        Orders_.EnsureIndex(o => o.MerchantId);
        Orders_.EnsureIndex(o => o.UserId);
        Orders_.EnsureIndex(o => o.GroupBuyId);
    }

    /// <summary>What a request id did, so a retry answers the same.</summary>
    public sealed class RequestRecord
    {
        public string Key { get; set; } = "";
        public string Kind { get; set; } = "";
        public string GroupBuyKey { get; set; } = "";
        public int Outcome { get; set; }
    }

    public sealed class Counter
    {
        public string Key { get; set; } = "";
        public long Value { get; set; }
    }

    private ILiteCollection<GroupBuy> Teams => _db.Collection<GroupBuy>("group_buys");
    private ILiteCollection<Order> Orders_ => _db.Collection<Order>("orders");
    private ILiteCollection<GroupBuyEvent> Events => _db.Collection<GroupBuyEvent>("group_buy_events");
    private ILiteCollection<RequestRecord> Requests => _db.Collection<RequestRecord>("group_buy_requests");
    private ILiteCollection<Counter> Counters => _db.Collection<Counter>("counters");
    private ILiteCollection<Product> Products => _db.Collection<Product>("products");

    public StepResult<bool> Start(StartCommand c) => Run(c.MerchantId, c.Origin, step =>
    {
        if (step.Replayed("start", c.RequestId) is { } earlier)
        {
            return step.Result(true, Remembered(earlier.GroupBuyKey) ?? Teams.FindById(earlier.GroupBuyKey));
        }
        var product = Products.FindById(Product.StorageKey(c.MerchantId, c.ProductId)) ?? throw new NotFoundException("product", c.ProductId);
        if (!product.Active)
        {
            throw new BusinessRuleException("PRODUCT_INACTIVE", $"Product '{c.ProductId}' is not on sale.");
        }
        if (product.GroupPriceTiers.Count == 0)
        {
            throw new BusinessRuleException("NO_GROUP_PRICE", $"Product '{c.ProductId}' has no group price.");
        }
        var campaignKey = c.CampaignId.Length > 0 ? "campaign:" + c.CampaignId : "product:" + c.ProductId;
        if (c.PerUserLimit > 0 && HeldBy(c.MerchantId, campaignKey, c.LeaderId) + c.Quantity > c.PerUserLimit)
        {
            throw new BusinessRuleException("LIMIT_EXCEEDED", $"At most {c.PerUserLimit} units per person in this campaign.");
        }
        if (product.Stock < c.Quantity)
        {
            throw new BusinessRuleException("OUT_OF_STOCK", $"Only {product.Stock} units of '{c.ProductId}' are left.");
        }
        var team = new GroupBuy
        {
            Id = NewTeamId(c.MerchantId),
            MerchantId = c.MerchantId,
            ProductId = product.ProductId,
            ProductTitleZh = product.TitleFor("zh"),
            ProductTitleEn = product.TitleFor("en"),
            Platform = c.Platform,
            GroupId = c.GroupId,
            GroupKey = GroupBuy.GroupKeyOf(c.MerchantId, c.Platform, c.GroupId),
            TeamSize = c.TeamSize,
            Members = [new GroupBuyMember { UserId = c.LeaderId, DisplayName = c.LeaderName, Quantity = c.Quantity, JoinedAt = c.Now }],
            Currency = product.Currency,
            UnitPrice = product.Price,
            PriceTiers = product.GroupPriceTiers.OrderBy(t => t.MinTeamSize).ToList(),
            CreatedAt = c.Now,
            ExpiresAt = c.ExpiresAt,
            VirtualFill = c.VirtualFill,
            CampaignId = c.CampaignId,
            CampaignKey = campaignKey,
            PerUserLimit = c.PerUserLimit,
        };
        team.Key = GroupBuy.KeyOf(c.MerchantId, team.Id);
        product.Stock -= c.Quantity;
        Products.Update(product);
        Teams.Insert(team);
        step.Record("start", c.RequestId, team, 1);
        step.Emit(GroupBuyEventType.Started, team, c.LeaderId, "", c.Now);
        return step.Result(true, team);
    });

    public StepResult<JoinOutcome> Join(string merchantId, string groupBuyId, string requestId, string userId, string displayName, int quantity, string origin, DateTime now) =>
        Run(merchantId, origin, step =>
        {
            var team = FindOrThrow(merchantId, groupBuyId);
            if (step.Replayed("join", requestId, team) is { } earlier)
            {
                return step.Result((JoinOutcome)earlier.Outcome, team);
            }
            var outcome = TryJoin(step, team, userId, displayName, quantity, now);
            step.Record("join", requestId, team, (int)outcome);
            return step.Result(outcome, team);
        });

    private JoinOutcome TryJoin(Step step, GroupBuy team, string userId, string displayName, int quantity, DateTime now)
    {
        if (team.MemberOf(userId) is not null)
        {
            return JoinOutcome.AlreadyJoined;
        }
        // A team that filled is FULL to latecomers; one that failed, was cancelled or ran out of time is CLOSED.
        if (team.Status == GroupBuyStatus.Succeeded || (team.Status == GroupBuyStatus.Open && team.SeatsLeft == 0))
        {
            return JoinOutcome.Full;
        }
        if (team.Status != GroupBuyStatus.Open || now >= team.ExpiresAt)
        {
            return JoinOutcome.Closed;
        }
        if (team.PerUserLimit > 0 && HeldBy(team.MerchantId, team.CampaignKey, userId) + quantity > team.PerUserLimit)
        {
            return JoinOutcome.LimitExceeded;
        }
        var product = Products.FindById(Product.StorageKey(team.MerchantId, team.ProductId));
        if (product is null || product.Stock < quantity)
        {
            return JoinOutcome.OutOfStock;
        }
        product.Stock -= quantity;
        team.Members.Add(new GroupBuyMember { UserId = userId, DisplayName = displayName, Quantity = quantity, JoinedAt = now });
        step.Emit(GroupBuyEventType.MemberJoined, team, userId, "", now);
        if (team.SeatsLeft == 0)
        {
            Succeed(step, team, product, now);
        }
        Products.Update(product);
        Teams.Update(team);
        return JoinOutcome.Joined;
    }

    public StepResult<LeaveOutcome> Leave(string merchantId, string groupBuyId, string requestId, string userId, string origin, DateTime now) =>
        Run(merchantId, origin, step =>
        {
            var team = FindOrThrow(merchantId, groupBuyId);
            if (step.Replayed("leave", requestId, team) is { } earlier)
            {
                return step.Result((LeaveOutcome)earlier.Outcome, team);
            }
            var outcome = team.Status != GroupBuyStatus.Open ? LeaveOutcome.AlreadyClosed
                : team.MemberOf(userId) is null ? LeaveOutcome.NotAMember
                : LeaveOutcome.Left;
            if (outcome == LeaveOutcome.Left)
            {
                var leaving = team.MemberOf(userId)!;
                team.Members.Remove(leaving);
                Release(team.MerchantId, team.ProductId, leaving.Quantity);
                step.Emit(GroupBuyEventType.MemberLeft, team, userId, "", now);
                // The next member leads (Members[0]); with nobody left the team is over.
                if (team.Members.Count == 0)
                {
                    Close(step, team, GroupBuyStatus.Cancelled, "last member left", now, refundsFor: [leaving]);
                }
                Teams.Update(team);
            }
            step.Record("leave", requestId, team, (int)outcome);
            return step.Result(outcome, team);
        });

    public StepResult<bool> Cancel(string merchantId, string groupBuyId, string requestId, string reason, DateTime now) =>
        Run(merchantId, "api", step =>
        {
            var team = FindOrThrow(merchantId, groupBuyId);
            if (step.Replayed("cancel", requestId, team) is not null)
            {
                return step.Result(true, team);
            }
            if (team.Status != GroupBuyStatus.Open)
            {
                return step.Result(false, team);
            }
            foreach (var member in team.Members.Where(m => !m.IsVirtual))
            {
                Release(team.MerchantId, team.ProductId, member.Quantity);
            }
            Close(step, team, GroupBuyStatus.Cancelled, reason, now, refundsFor: team.Members);
            Teams.Update(team);
            step.Record("cancel", requestId, team, 1);
            return step.Result(true, team);
        });

    public StepResult<bool> Expire(string merchantId, string groupBuyId, DateTime now) =>
        Run(merchantId, "api", step =>
        {
            var team = FindTeam(merchantId, groupBuyId);
            if (team is null || team.Status != GroupBuyStatus.Open || now < team.ExpiresAt)
            {
                return step.Result(false, team ?? new GroupBuy());
            }
            if (team.VirtualFill && team.Members.Count > 0)
            {
                // 模拟成团, only when the merchant asked for it: the empty seats are filled with
                // members marked virtual, and the announcement says so.
                var product = Products.FindById(Product.StorageKey(team.MerchantId, team.ProductId))!;
                for (var seat = 1; team.SeatsLeft > 0; seat++)
                {
                    team.Members.Add(new GroupBuyMember { UserId = $"virtual-{seat}", DisplayName = "拼团助手", Quantity = 0, JoinedAt = now, IsVirtual = true });
                }
                Succeed(step, team, product, now);
                Products.Update(product);
            }
            else
            {
                foreach (var member in team.Members)
                {
                    Release(team.MerchantId, team.ProductId, member.Quantity);
                }
                Close(step, team, GroupBuyStatus.Failed, "", now, refundsFor: team.Members);
            }
            Teams.Update(team);
            return step.Result(true, team);
        });

    public StepResult<bool> Remind(string merchantId, string groupBuyId, string reminder, string origin, DateTime now) =>
        Run(merchantId, origin, step =>
        {
            var team = FindTeam(merchantId, groupBuyId);
            if (team is null || team.Status != GroupBuyStatus.Open || team.RemindersSent.Contains(reminder))
            {
                return step.Result(false, team ?? new GroupBuy());
            }
            team.RemindersSent.Add(reminder);
            Teams.Update(team);
            step.Emit(GroupBuyEventType.Reminder, team, "", reminder, now);
            return step.Result(true, team);
        });

    public GroupBuy? Find(string merchantId, string groupBuyId) => FindTeam(merchantId, groupBuyId);

    public IReadOnlyList<GroupBuy> List(string merchantId, string? groupKey, GroupBuyStatus? status, int offset, int limit)
    {
        var query = groupKey is null ? Teams.Query().Where(g => g.MerchantId == merchantId) : Teams.Query().Where(g => g.GroupKey == groupKey);
        if (status is { } s)
        {
            query = query.Where(g => g.Status == s);
        }
        return query.OrderByDescending(g => g.CreatedAt).Skip(offset).Limit(limit).ToList();
    }

    public IReadOnlyList<GroupBuy> AllOpen() => Teams.Find(g => g.Status == GroupBuyStatus.Open).ToList();

    public IReadOnlyList<Order> Orders(string merchantId, string? userId, string? groupBuyId, int offset, int limit)
    {
        var query = Orders_.Query().Where(o => o.MerchantId == merchantId);
        if (userId is not null)
        {
            query = query.Where(o => o.UserId == userId);
        }
        if (groupBuyId is not null)
        {
            query = query.Where(o => o.GroupBuyId == groupBuyId);
        }
        return query.OrderByDescending(o => o.CreatedAt).Skip(offset).Limit(limit).ToList();
    }

    public IReadOnlyList<GroupBuyEvent> EventsAfter(string merchantId, long afterSequence, int limit)
    {
        var prefix = merchantId + "/";
        return Events.Query()
            .Where(Query.And(Query.GT("_id", EventKey(merchantId, afterSequence)), Query.StartsWith("_id", prefix)))
            .OrderBy("_id")
            .Limit(limit)
            .ToList();
    }

    public long LastSequence(string merchantId) => Counters.FindById("events/" + merchantId)?.Value ?? 0;

    private static string EventKey(string merchantId, long sequence) => $"{merchantId}/{sequence.ToString("D20", CultureInfo.InvariantCulture)}";

    private GroupBuy FindOrThrow(string merchantId, string groupBuyId) =>
        FindTeam(merchantId, groupBuyId) ?? throw new NotFoundException("group buy", groupBuyId);

    /// <summary>The team as last committed: a copy of the remembered open team, else read from LiteDB.</summary>
    private GroupBuy? FindTeam(string merchantId, string groupBuyId) =>
        Remembered(GroupBuy.KeyOf(merchantId, groupBuyId)) ?? Teams.FindById(GroupBuy.KeyOf(merchantId, groupBuyId));

    private GroupBuy? Remembered(string teamKey) => _openTeams.TryGetValue(teamKey, out var team) ? team.Copy() : null;

    /// <summary>
    /// One step: its reads and writes in one transaction, then, once committed, its team (while
    /// open) and the merchant's event sequence remembered for the next step — a join reads its
    /// team on every "+1". A step refused by its own rules rolled back and changed nothing; any
    /// other failure forgets everything remembered, since after a failed commit what the file
    /// holds is not known, and the next steps read it back. Steps are serialised by the caller
    /// (<see cref="GroupBuyManager"/>), so nothing else changes a remembered team meanwhile.
    /// </summary>
    private StepResult<T> Run<T>(string merchantId, string origin, Func<Step, StepResult<T>> body)
    {
        var step = new Step(this, merchantId, origin);
        try
        {
            var result = _db.InTransaction(() => body(step));
            Remember(result.GroupBuy);
            step.Committed();
            return result;
        }
        catch (Exception e) when (e is not (InvalidRequestException or NotFoundException or BusinessRuleException))
        {
            _openTeams.Clear();
            _sequences.Clear();
            throw;
        }
    }

    private void Remember(GroupBuy team)
    {
        if (team.Key.Length == 0)
        {
            return;
        }
        if (team.Status == GroupBuyStatus.Open)
        {
            _openTeams[team.Key] = team.Copy();
        }
        else
        {
            _openTeams.TryRemove(team.Key, out _);
        }
    }

    /// <summary>Units the user holds in open or successful teams of the campaign.</summary>
    private int HeldBy(string merchantId, string campaignKey, string userId) =>
        Teams.Find(g => g.CampaignKey == campaignKey && g.MerchantId == merchantId)
            .Where(g => g.Status is GroupBuyStatus.Open or GroupBuyStatus.Succeeded)
            .Sum(g => g.MemberOf(userId)?.Quantity ?? 0);

    private void Release(string merchantId, string productId, int quantity)
    {
        if (quantity > 0 && Products.FindById(Product.StorageKey(merchantId, productId)) is { } product)
        {
            product.Stock += quantity;
            Products.Update(product);
        }
    }

    private void Succeed(Step step, GroupBuy team, Product product, DateTime now)
    {
        team.Status = GroupBuyStatus.Succeeded;
        team.ClosedAt = now;
        var price = team.FinalGroupPrice;
        foreach (var member in team.Members.Where(m => !m.IsVirtual))
        {
            step.AddOrder(team, member, price, OrderStatus.Confirmed, now);
            product.SalesCount += member.Quantity;
        }
        step.Emit(GroupBuyEventType.Succeeded, team, "", team.VirtualFill && team.Members.Any(m => m.IsVirtual) ? "virtual_fill" : "", now);
    }

    private static void Close(Step step, GroupBuy team, GroupBuyStatus status, string reason, DateTime now, IEnumerable<GroupBuyMember> refundsFor)
    {
        team.Status = status;
        team.ClosedAt = now;
        team.CancelReason = reason;
        var price = team.GroupPriceAt(team.Members.Count);
        foreach (var member in refundsFor.Where(m => !m.IsVirtual && m.Quantity > 0).ToList())
        {
            step.AddOrder(team, member, price, OrderStatus.RefundDue, now);
        }
        step.Emit(status == GroupBuyStatus.Failed ? GroupBuyEventType.Failed : GroupBuyEventType.Cancelled, team, "", reason, now);
    }

    private string NewTeamId(string merchantId)
    {
        while (true)
        {
            var id = "GB-" + RandomNumberGenerator.GetString(IdAlphabet, 5);
            if (Teams.FindById(GroupBuy.KeyOf(merchantId, id)) is null)
            {
                return id;
            }
        }
    }

    /// <summary>The writes of one step that are not the team itself: request record, orders, events.</summary>
    private sealed class Step(LiteDbGroupBuyStore store, string merchantId, string origin)
    {
        private readonly List<GroupBuyEvent> _events = [];
        private readonly List<Order> _orders = [];
        private long? _sequence;

        /// <summary>After the commit: the merchant's last event sequence is this step's.</summary>
        public void Committed()
        {
            if (_sequence is { } last)
            {
                store._sequences[merchantId] = last;
            }
        }

        public RequestRecord? Replayed(string kind, string requestId, GroupBuy? team = null)
        {
            if (requestId.Length == 0 || store.Requests.FindById(RequestKey(kind, requestId)) is not { } record)
            {
                return null;
            }
            if (team is not null && record.GroupBuyKey != team.Key)
            {
                throw new InvalidRequestException("request_id", $"was already used for another group buy; use a new id for each {kind}");
            }
            return record;
        }

        public void Record(string kind, string requestId, GroupBuy team, int outcome)
        {
            if (requestId.Length > 0)
            {
                store.Requests.Insert(new RequestRecord { Key = RequestKey(kind, requestId), Kind = kind, GroupBuyKey = team.Key, Outcome = outcome });
            }
        }

        private string RequestKey(string kind, string requestId) => $"{merchantId}/{kind}/{requestId}";

        public void Emit(GroupBuyEventType type, GroupBuy team, string userId, string detail, DateTime now)
        {
            _sequence = 1 + (_sequence
                ?? (store._sequences.TryGetValue(merchantId, out var last) ? last : store.Counters.FindById("events/" + merchantId)?.Value ?? 0));
            store.Counters.Upsert(new Counter { Key = "events/" + merchantId, Value = _sequence.Value });
            var e = new GroupBuyEvent
            {
                Key = EventKey(merchantId, _sequence.Value),
                Sequence = _sequence.Value,
                MerchantId = merchantId,
                Type = type,
                Origin = origin,
                UserId = userId,
                Detail = detail,
                OccurredAt = now,
                // The event keeps the team as it was then; later changes must not rewrite history.
                GroupBuy = team.Copy(),
            };
            store.Events.Insert(e);
            _events.Add(e);
        }

        public void AddOrder(GroupBuy team, GroupBuyMember member, decimal price, OrderStatus status, DateTime now)
        {
            var id = "ORD-" + RandomNumberGenerator.GetString(IdAlphabet, 10);
            var order = new Order
            {
                Key = $"{merchantId}/{id}",
                OrderId = id,
                MerchantId = merchantId,
                GroupBuyId = team.Id,
                ProductId = team.ProductId,
                ProductTitleZh = team.ProductTitleZh,
                ProductTitleEn = team.ProductTitleEn,
                UserId = member.UserId,
                Quantity = member.Quantity,
                Currency = team.Currency,
                UnitPrice = price,
                Status = status,
                CreatedAt = now,
                Platform = team.Platform,
                GroupId = team.GroupId,
            };
            store.Orders_.Insert(order);
            _orders.Add(order);
        }

        public StepResult<T> Result<T>(T outcome, GroupBuy team) => new(outcome, team, _events, _orders);
    }
}
