using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// Group signals kept as aggregates, never as raw events: one counter row per (merchant,
/// platform, group, product), a short recent-products list per user, and item–item counts of
/// products joined or bought by the same group or user, all updated as signals arrive. Storage
/// grows with groups × products touched, not with traffic.
/// </summary>
/// <remarks>
/// Every recommendation reads dozens of these rows (its group, similar groups, pairs), and every
/// list shown records views, so the aggregates live in memory — loaded from LiteDB at start,
/// read and updated under one lock in microseconds — and are written behind to LiteDB: rows
/// changed since the last flush are upserted together every <see cref="FlushInterval"/> and at
/// dispose. Signals are best effort by contract, so a crash loses at most the last interval of
/// them, and a failed flush (a full disk) keeps its rows for the next one.
/// </remarks>
public sealed partial class LiteDbGroupSignalStore : IGroupSignals, IGroupSignalReader, IDisposable
{
    /// <summary>Distinct people remembered per row and kind; later ones still count as events.</summary>
    public const int MaxPeoplePerProduct = 100;

    /// <summary>Products remembered per user for "bought with" counts.</summary>
    public const int MaxRecentPerUser = 20;

    /// <summary>A group's most recent joined or bought products that a new one is paired with.</summary>
    public const int MaxPartnersPerSignal = 50;

    /// <summary>
    /// Products a group has only looked at that it keeps rows for (about half a KiB each in memory); past this the one seen longest
    /// ago is forgotten (in memory and in LiteDB), so a long-lived group's signals stay bounded.
    /// Rows with joins or purchases are never forgotten.
    /// </summary>
    public const int MaxViewedOnlyPerGroup = 40;

    /// <summary>How often changed rows are written to LiteDB.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // Rows per LiteDB transaction when flushing, so a large backlog does not hold the write lock long.
    private const int FlushBatch = 2_000;

    // Ids join parts with a control character: group and user ids come from chat platforms and may hold '/'.
    private const char Separator = '\u001f';

    private readonly LiteDbContext _db;
    private readonly ILogger _logger;
    private readonly ITimer _flushTimer;
    private readonly Lock _gate = new();
    private readonly Lock _flushing = new();
    private int _failedFlushes;

    // The model (guarded by _gate): rows by id, and the ids per lookup key in the order the rows were created.
    private readonly Dictionary<string, GroupProductSignals> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GroupProductSignals>> _rowsByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GroupProductSignals>> _rowsByProduct = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserRecentProducts> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<UserRecentProducts>> _usersByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProductPairCount> _pairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ProductPairCount>> _pairsByProduct = new(StringComparer.Ordinal);
    private readonly HashSet<GroupProductSignals> _dirtyRows = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<UserRecentProducts> _dirtyUsers = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<ProductPairCount> _dirtyPairs = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _forgottenRows = new(StringComparer.Ordinal);

    public LiteDbGroupSignalStore(LiteDbContext db, TimeProvider time, ILogger<LiteDbGroupSignalStore>? logger = null)
    {
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _db = db;
        db.Database.Mapper.ToDocument(new GroupProductSignals());
        db.Database.Mapper.ToDocument(new UserRecentProducts());
        db.Database.Mapper.ToDocument(new ProductPairCount());
        Groups.EnsureIndex(g => g.GroupKey);
        Groups.EnsureIndex(g => g.ProductKey);
        Users.EnsureIndex(u => u.UserKey);
        Pairs.EnsureIndex(p => p.ProductKey);
        foreach (var row in Groups.FindAll())
        {
            Add(row);
        }
        foreach (var user in Users.FindAll())
        {
            Add(user);
        }
        foreach (var pair in Pairs.FindAll())
        {
            Add(pair);
        }
        _flushTimer = time.CreateTimer(_ => FlushQuietly(), null, FlushInterval, FlushInterval);
    }

    private ILiteCollection<GroupProductSignals> Groups => _db.Collection<GroupProductSignals>("signal_group_products");

    private ILiteCollection<UserRecentProducts> Users => _db.Collection<UserRecentProducts>("signal_user_products");

    private ILiteCollection<ProductPairCount> Pairs => _db.Collection<ProductPairCount>("signal_product_pairs");

    /// <summary>Applies the signals at once (readers see them on return); they reach LiteDB with the next flush.</summary>
    public void Record(IReadOnlyCollection<GroupSignal> signals)
    {
        foreach (var signal in signals)
        {
            if (string.IsNullOrEmpty(signal.MerchantId) || string.IsNullOrEmpty(signal.GroupId) || string.IsNullOrEmpty(signal.ProductId)
                || !Enum.IsDefined(signal.Kind))
            {
                throw new ArgumentException($"A group signal needs a merchant, group, product and kind: {signal}", nameof(signals));
            }
        }
        lock (_gate)
        {
            foreach (var signal in signals)
            {
                Apply(signal);
            }
        }
    }

    /// <summary>Writes every row changed since the last flush to LiteDB; a failure keeps them for the next flush.</summary>
    public void Flush()
    {
        lock (_flushing)
        {
            List<(string Collection, BsonDocument Document, object Row)> changed;
            List<string> forgotten;
            lock (_gate)
            {
                forgotten = [.. _forgottenRows];
                _forgottenRows.Clear();
                var mapper = _db.Database.Mapper;
                changed = _dirtyRows.Select(r => ("signal_group_products", mapper.ToDocument(r), (object)r))
                    .Concat(_dirtyUsers.Select(u => ("signal_user_products", mapper.ToDocument(u), (object)u)))
                    .Concat(_dirtyPairs.Select(p => ("signal_product_pairs", mapper.ToDocument(p), (object)p)))
                    .ToList();
                _dirtyRows.Clear();
                _dirtyUsers.Clear();
                _dirtyPairs.Clear();
            }
            if (forgotten.Count > 0)
            {
                try
                {
                    _db.InTransaction(() => forgotten.Count(id => Groups.Delete(id)));
                }
                catch
                {
                    lock (_gate)
                    {
                        _forgottenRows.UnionWith(forgotten.Where(id => !_rows.ContainsKey(id)));
                    }
                    MarkDirty(changed.Select(c => c.Row));
                    throw;
                }
            }
            for (var done = 0; done < changed.Count; done += FlushBatch)
            {
                var batch = changed.Skip(done).Take(FlushBatch).ToList();
                try
                {
                    _db.InTransaction(() =>
                    {
                        foreach (var (collection, document, _) in batch)
                        {
                            _db.Database.GetCollection(collection).Upsert(document);
                        }
                        return batch.Count;
                    });
                }
                catch
                {
                    MarkDirty(changed.Skip(done).Select(c => c.Row));
                    throw;
                }
            }
        }
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        FlushQuietly();
    }

    private void FlushQuietly()
    {
        using var _ = _flushing.EnterScope();
        try
        {
            Flush();
            if (_failedFlushes > 0)
            {
                LogFlushedAgain(_logger, _failedFlushes);
                _failedFlushes = 0;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Signals only sharpen recommendations: a full disk must not fail anything; the rows wait
            // for the next flush. Logged once per outage, not once a second.
            if (_failedFlushes++ == 0)
            {
                LogNotFlushed(_logger, e);
            }
        }
    }

    private void MarkDirty(IEnumerable<object> rows)
    {
        lock (_gate)
        {
            foreach (var row in rows)
            {
                _ = row switch
                {
                    GroupProductSignals r => _dirtyRows.Add(r),
                    UserRecentProducts u => _dirtyUsers.Add(u),
                    ProductPairCount p => _dirtyPairs.Add(p),
                    _ => false,
                };
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group signals were not written to storage; retrying every second, quietly, until it works")]
    private static partial void LogNotFlushed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group signals written to storage again after {Failed} failed flushes")]
    private static partial void LogFlushedAgain(ILogger logger, int failed);

    public IReadOnlyList<ProductActivity> ForGroup(string merchantId, string? platform, string groupId)
    {
        lock (_gate)
        {
            return RowsOf(_rowsByGroup, Key(merchantId, groupId))
                .Where(g => platform is null || g.Platform == platform)
                .Select(ToActivity)
                .ToList();
        }
    }

    /// <remarks>Per product, the groups that most recently started touching it.</remarks>
    public IReadOnlyList<ProductActivity> ForProducts(string merchantId, IReadOnlyCollection<string> productIds, int limitPerProduct)
    {
        var activity = new List<ProductActivity>();
        lock (_gate)
        {
            foreach (var productId in productIds.Distinct(StringComparer.Ordinal))
            {
                var rows = RowsOf(_rowsByProduct, Key(merchantId, productId));
                for (var i = rows.Count - 1; i >= Math.Max(0, rows.Count - limitPerProduct); i--)
                {
                    activity.Add(ToActivity(rows[i]));
                }
            }
        }
        return activity;
    }

    public IReadOnlyList<string> RecentForUser(string merchantId, string? platform, string userId)
    {
        lock (_gate)
        {
            return RowsOf(_usersByKey, Key(merchantId, userId))
                .Where(u => platform is null || u.Platform == platform)
                .OrderByDescending(u => u.LastAt)
                .SelectMany(u => u.Products)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
    }

    public IReadOnlyList<BoughtTogether> BoughtWith(string merchantId, string productId)
    {
        lock (_gate)
        {
            return RowsOf(_pairsByProduct, Key(merchantId, productId))
                .Select(p => new BoughtTogether(p.ProductId, p.OtherProductId, p.Count))
                .ToList();
        }
    }

    private static List<T> RowsOf<T>(Dictionary<string, List<T>> index, string key) => index.TryGetValue(key, out var rows) ? rows : [];

    private void Add(GroupProductSignals row)
    {
        _rows[row.Id] = row;
        Index(_rowsByGroup, row.GroupKey, row);
        Index(_rowsByProduct, row.ProductKey, row);
    }

    private void Add(UserRecentProducts user)
    {
        _users[user.Id] = user;
        Index(_usersByKey, user.UserKey, user);
    }

    private void Add(ProductPairCount pair)
    {
        _pairs[pair.Id] = pair;
        Index(_pairsByProduct, pair.ProductKey, pair);
    }

    private static void Index<T>(Dictionary<string, List<T>> index, string key, T row)
    {
        if (!index.TryGetValue(key, out var rows))
        {
            index[key] = rows = [];
        }
        rows.Add(row);
    }

    private void Apply(GroupSignal signal)
    {
        var at = signal.At.UtcDateTime;
        var id = Key(signal.MerchantId, signal.Platform, signal.GroupId, signal.ProductId);
        if (!_rows.TryGetValue(id, out var row))
        {
            row = new GroupProductSignals
            {
                Id = id,
                MerchantId = signal.MerchantId,
                Platform = signal.Platform,
                GroupId = signal.GroupId,
                ProductId = signal.ProductId,
                GroupKey = Key(signal.MerchantId, signal.GroupId),
                ProductKey = Key(signal.MerchantId, signal.ProductId),
                FirstAt = at,
                LastAt = at,
            };
            Add(row);
            _forgottenRows.Remove(id);
            ForgetOldestViewedOnly(row);
        }
        var newPerson = false;
        switch (signal.Kind)
        {
            case SignalKind.Viewed:
                row.Views++;
                break;
            case SignalKind.Joined:
                row.Joins++;
                newPerson = AddPerson(row.Joiners, signal.UserId);
                break;
            case SignalKind.Purchased:
                row.Purchases++;
                newPerson = AddPerson(row.Buyers, signal.UserId);
                break;
        }
        row.LastAt = at > row.LastAt ? at : row.LastAt;
        _dirtyRows.Add(row);
        if (signal.Kind == SignalKind.Viewed)
        {
            return;
        }
        // Pair only on new evidence: the same person joining again must not inflate "bought with".
        if (newPerson)
        {
            foreach (var partner in Partners(signal))
            {
                CountPair(signal.MerchantId, signal.ProductId, partner, at);
                CountPair(signal.MerchantId, partner, signal.ProductId, at);
            }
        }
        RememberForUser(signal, at);
    }

    private void ForgetOldestViewedOnly(GroupProductSignals added)
    {
        var group = RowsOf(_rowsByGroup, added.GroupKey);
        GroupProductSignals? oldest = null;
        var viewedOnly = 0;
        foreach (var row in group)
        {
            if (row.Joins + row.Purchases > 0 || row.Platform != added.Platform)
            {
                continue;
            }
            viewedOnly++;
            if (!ReferenceEquals(row, added) && (oldest is null || row.LastAt < oldest.LastAt))
            {
                oldest = row;
            }
        }
        if (viewedOnly <= MaxViewedOnlyPerGroup || oldest is null)
        {
            return;
        }
        _rows.Remove(oldest.Id);
        group.Remove(oldest);
        RowsOf(_rowsByProduct, oldest.ProductKey).Remove(oldest);
        _dirtyRows.Remove(oldest);
        _forgottenRows.Add(oldest.Id);
    }

    // Products joined or bought before by the same group (its most recent ones) or the same user.
    private HashSet<string> Partners(GroupSignal signal)
    {
        var partners = RowsOf(_rowsByGroup, Key(signal.MerchantId, signal.GroupId))
            .Where(g => g.Platform == signal.Platform && g.ProductId != signal.ProductId && g.Joins + g.Purchases > 0)
            .OrderByDescending(g => g.LastAt)
            .Take(MaxPartnersPerSignal)
            .Select(g => g.ProductId)
            .ToHashSet(StringComparer.Ordinal);
        if (signal.UserId.Length > 0 && _users.TryGetValue(Key(signal.MerchantId, signal.Platform, signal.UserId), out var user))
        {
            partners.UnionWith(user.Products.Where(p => p != signal.ProductId));
        }
        return partners;
    }

    private void CountPair(string merchantId, string productId, string otherProductId, DateTime at)
    {
        var id = Key(merchantId, productId, otherProductId);
        if (!_pairs.TryGetValue(id, out var pair))
        {
            pair = new ProductPairCount
            {
                Id = id,
                MerchantId = merchantId,
                ProductKey = Key(merchantId, productId),
                ProductId = productId,
                OtherProductId = otherProductId,
            };
            Add(pair);
        }
        pair.Count++;
        pair.LastAt = at;
        _dirtyPairs.Add(pair);
    }

    private void RememberForUser(GroupSignal signal, DateTime at)
    {
        if (signal.UserId.Length == 0)
        {
            return;
        }
        var id = Key(signal.MerchantId, signal.Platform, signal.UserId);
        if (!_users.TryGetValue(id, out var user))
        {
            user = new UserRecentProducts
            {
                Id = id,
                MerchantId = signal.MerchantId,
                Platform = signal.Platform,
                UserId = signal.UserId,
                UserKey = Key(signal.MerchantId, signal.UserId),
            };
            Add(user);
        }
        user.Products.Remove(signal.ProductId);
        user.Products.Insert(0, signal.ProductId);
        if (user.Products.Count > MaxRecentPerUser)
        {
            user.Products.RemoveRange(MaxRecentPerUser, user.Products.Count - MaxRecentPerUser);
        }
        user.LastAt = at > user.LastAt ? at : user.LastAt;
        _dirtyUsers.Add(user);
    }

    private static bool AddPerson(List<string> people, string userId)
    {
        if (people.Count >= MaxPeoplePerProduct || people.Contains(userId))
        {
            return false;
        }
        people.Add(userId);
        return true;
    }

    private static string Key(params string[] parts) => string.Join(Separator, parts);

    private static ProductActivity ToActivity(GroupProductSignals g) => new(
        g.Platform, g.GroupId, g.ProductId, g.Views, g.Joins, g.Purchases, g.Joiners.Count, g.Buyers.Count,
        new DateTimeOffset(DateTime.SpecifyKind(g.LastAt, DateTimeKind.Utc)));
}

/// <summary>Counters of one group's signals on one product.</summary>
public sealed class GroupProductSignals
{
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string GroupId { get; set; } = "";
    public string ProductId { get; set; } = "";
    /// <summary>Merchant + group (any platform): the index for a group's rows.</summary>
    public string GroupKey { get; set; } = "";
    /// <summary>Merchant + product: the index for the groups that touched a product.</summary>
    public string ProductKey { get; set; } = "";
    public int Views { get; set; }
    public int Joins { get; set; }
    public int Purchases { get; set; }
    public List<string> Joiners { get; set; } = [];
    public List<string> Buyers { get; set; } = [];
    public DateTime FirstAt { get; set; }
    public DateTime LastAt { get; set; }
}

/// <summary>The products one user joined or bought lately, most recent first.</summary>
public sealed class UserRecentProducts
{
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>Merchant + user (any platform).</summary>
    public string UserKey { get; set; } = "";
    public List<string> Products { get; set; } = [];
    public DateTime LastAt { get; set; }
}

/// <summary>How many times <see cref="OtherProductId"/> was joined or bought with <see cref="ProductId"/>.</summary>
public sealed class ProductPairCount
{
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    /// <summary>Merchant + product.</summary>
    public string ProductKey { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string OtherProductId { get; set; } = "";
    public int Count { get; set; }
    public DateTime LastAt { get; set; }
}
