using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// Group signals kept as aggregates, never as raw events: one counter row per (merchant,
/// platform, group, product), a short recent-products list per user, and item–item counts of
/// products joined or bought by the same group or user, all updated as signals arrive. Storage
/// grows with groups × products touched, not with traffic.
/// </summary>
public sealed partial class LiteDbGroupSignalStore : IGroupSignals, IGroupSignalReader
{
    /// <summary>Distinct people remembered per row and kind; later ones still count as events.</summary>
    public const int MaxPeoplePerProduct = 100;

    /// <summary>Products remembered per user for "bought with" counts.</summary>
    public const int MaxRecentPerUser = 20;

    /// <summary>A group's most recent joined or bought products that a new one is paired with.</summary>
    public const int MaxPartnersPerSignal = 50;

    // Ids join parts with a control character: group and user ids come from chat platforms and may hold '/'.
    private const char Separator = '\u001f';

    private readonly LiteDbContext _db;

    private readonly ILogger _logger;

    public LiteDbGroupSignalStore(LiteDbContext db, ILogger<LiteDbGroupSignalStore>? logger = null)
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
    }

    private ILiteCollection<GroupProductSignals> Groups => _db.Collection<GroupProductSignals>("signal_group_products");

    private ILiteCollection<UserRecentProducts> Users => _db.Collection<UserRecentProducts>("signal_user_products");

    private ILiteCollection<ProductPairCount> Pairs => _db.Collection<ProductPairCount>("signal_product_pairs");

    /// <summary>Applies the signals in one transaction.</summary>
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
        if (signals.Count == 0)
        {
            return;
        }
        try
        {
            _db.InTransaction(() =>
            {
                foreach (var signal in signals)
                {
                    Apply(signal);
                }
                return signals.Count;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Signals only sharpen recommendations: a full disk must not fail the chat reply or a
            // group-buy step that has already committed.
            LogNotRecorded(_logger, e, signals.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} group signals were not recorded (storage failed)")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int count);

    public IReadOnlyList<ProductActivity> ForGroup(string merchantId, string? platform, string groupId)
    {
        var key = Key(merchantId, groupId);
        return Groups.Find(g => g.GroupKey == key)
            .Where(g => platform is null || g.Platform == platform)
            .Select(ToActivity)
            .ToList();
    }

    public IReadOnlyList<ProductActivity> ForProducts(string merchantId, IReadOnlyCollection<string> productIds, int limitPerProduct)
    {
        var activity = new List<ProductActivity>();
        foreach (var productId in productIds.Distinct(StringComparer.Ordinal))
        {
            var key = Key(merchantId, productId);
            activity.AddRange(Groups.Query().Where(g => g.ProductKey == key).Limit(limitPerProduct).ToEnumerable().Select(ToActivity));
        }
        return activity;
    }

    public IReadOnlyList<string> RecentForUser(string merchantId, string? platform, string userId)
    {
        var key = Key(merchantId, userId);
        return Users.Find(u => u.UserKey == key)
            .Where(u => platform is null || u.Platform == platform)
            .OrderByDescending(u => u.LastAt)
            .SelectMany(u => u.Products)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<BoughtTogether> BoughtWith(string merchantId, string productId)
    {
        var key = Key(merchantId, productId);
        return Pairs.Find(p => p.ProductKey == key)
            .Select(p => new BoughtTogether(p.ProductId, p.OtherProductId, p.Count))
            .ToList();
    }

    private void Apply(GroupSignal signal)
    {
        var at = signal.At.UtcDateTime;
        var id = Key(signal.MerchantId, signal.Platform, signal.GroupId, signal.ProductId);
        var row = Groups.FindById(id) ?? new GroupProductSignals
        {
            Id = id,
            MerchantId = signal.MerchantId,
            Platform = signal.Platform,
            GroupId = signal.GroupId,
            ProductId = signal.ProductId,
            GroupKey = Key(signal.MerchantId, signal.GroupId),
            ProductKey = Key(signal.MerchantId, signal.ProductId),
            FirstAt = at,
        };
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
        Groups.Upsert(row);
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

    // Products joined or bought before by the same group (its most recent ones) or the same user.
    private HashSet<string> Partners(GroupSignal signal)
    {
        var groupKey = Key(signal.MerchantId, signal.GroupId);
        var partners = Groups.Find(g => g.GroupKey == groupKey)
            .Where(g => g.Platform == signal.Platform && g.ProductId != signal.ProductId && g.Joins + g.Purchases > 0)
            .OrderByDescending(g => g.LastAt)
            .Take(MaxPartnersPerSignal)
            .Select(g => g.ProductId)
            .ToHashSet(StringComparer.Ordinal);
        if (signal.UserId.Length > 0 && Users.FindById(Key(signal.MerchantId, signal.Platform, signal.UserId)) is { } user)
        {
            partners.UnionWith(user.Products.Where(p => p != signal.ProductId));
        }
        return partners;
    }

    private void CountPair(string merchantId, string productId, string otherProductId, DateTime at)
    {
        var id = Key(merchantId, productId, otherProductId);
        var pair = Pairs.FindById(id) ?? new ProductPairCount
        {
            Id = id,
            MerchantId = merchantId,
            ProductKey = Key(merchantId, productId),
            ProductId = productId,
            OtherProductId = otherProductId,
        };
        pair.Count++;
        pair.LastAt = at;
        Pairs.Upsert(pair);
    }

    private void RememberForUser(GroupSignal signal, DateTime at)
    {
        if (signal.UserId.Length == 0)
        {
            return;
        }
        var id = Key(signal.MerchantId, signal.Platform, signal.UserId);
        var user = Users.FindById(id) ?? new UserRecentProducts
        {
            Id = id,
            MerchantId = signal.MerchantId,
            Platform = signal.Platform,
            UserId = signal.UserId,
            UserKey = Key(signal.MerchantId, signal.UserId),
        };
        user.Products.Remove(signal.ProductId);
        user.Products.Insert(0, signal.ProductId);
        if (user.Products.Count > MaxRecentPerUser)
        {
            user.Products.RemoveRange(MaxRecentPerUser, user.Products.Count - MaxRecentPerUser);
        }
        user.LastAt = at > user.LastAt ? at : user.LastAt;
        Users.Upsert(user);
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
