namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// For one request, what group signals say about each product, each part 0..1: this group's own
/// activity, what similar groups (those sharing products with it) did, and how often a product
/// was bought with the products in view or with this group's and user's own buys.
/// </summary>
public sealed class SignalScores
{
    /// <summary>Signals fade: one a month old counts half.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(30);

    private const double BuyerWeight = 1.0;
    private const double JoinerWeight = 0.6;
    private const double ViewWeight = 0.05;
    private const int MaxCountedViews = 6;
    private const double InViewAnchor = 1.0;
    private const double HistoryAnchor = 0.5;
    private const int MaxHistoryAnchors = 10;
    private const int MaxSeedProducts = 20;
    private const int MaxGroupsPerSeed = 200;
    private const int MaxSimilarGroups = 10;

    private readonly Dictionary<string, Own> _own = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _similar = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Total, string Anchor, double Best)> _boughtWith = new(StringComparer.Ordinal);

    private SignalScores()
    {
    }

    /// <param name="platform">Null for any platform.</param>
    /// <param name="inView">Products the asker is looking at.</param>
    public static SignalScores Load(
        IGroupSignalReader signals, string merchantId, string? platform, string? groupId, string? userId,
        IReadOnlyCollection<string> inView, DateTimeOffset now)
    {
        var scores = new SignalScores();
        if (!string.IsNullOrEmpty(groupId))
        {
            foreach (var product in signals.ForGroup(merchantId, platform, groupId).GroupBy(a => a.ProductId, StringComparer.Ordinal))
            {
                var buyers = product.Sum(a => a.Buyers);
                var joiners = product.Sum(a => a.Joiners);
                scores._own[product.Key] = new Own(buyers, joiners, product.Sum(a => Weight(a, now)));
            }
            scores.LoadSimilarGroups(signals, merchantId, platform, groupId, now);
        }
        var anchors = inView.ToDictionary(id => id, _ => InViewAnchor, StringComparer.Ordinal);
        var history = scores._own.Where(o => o.Value.Buyers + o.Value.Joiners > 0)
            .OrderByDescending(o => o.Value.Weight).Take(MaxHistoryAnchors).Select(o => o.Key);
        if (!string.IsNullOrEmpty(userId))
        {
            history = history.Concat(signals.RecentForUser(merchantId, platform, userId).Take(MaxHistoryAnchors));
        }
        foreach (var id in history)
        {
            anchors.TryAdd(id, HistoryAnchor);
        }
        foreach (var (anchor, strength) in anchors)
        {
            foreach (var pair in signals.BoughtWith(merchantId, anchor))
            {
                var evidence = strength * pair.Count;
                var current = scores._boughtWith.GetValueOrDefault(pair.OtherProductId, (0, anchor, 0));
                scores._boughtWith[pair.OtherProductId] = evidence > current.Best
                    ? (current.Total + evidence, anchor, evidence)
                    : (current.Total + evidence, current.Anchor, current.Best);
            }
        }
        return scores;
    }

    /// <summary>Products worth considering because of signals, strongest first.</summary>
    public IEnumerable<string> ProductIds(int limit) =>
        _own.Keys.Concat(_similar.Keys).Concat(_boughtWith.Keys)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(id => OwnScore(id) + SimilarScore(id) + BoughtWithScore(id))
            .ThenBy(id => id, StringComparer.Ordinal)
            .Take(limit);

    public double OwnScore(string productId) => _own.TryGetValue(productId, out var own) ? Saturate(own.Weight, 2) : 0;

    public double SimilarScore(string productId) => Saturate(_similar.GetValueOrDefault(productId), 1);

    public double BoughtWithScore(string productId) => Saturate(_boughtWith.GetValueOrDefault(productId).Total, 3);

    public int Buyers(string productId) => _own.GetValueOrDefault(productId)?.Buyers ?? 0;

    public int Joiners(string productId) => _own.GetValueOrDefault(productId)?.Joiners ?? 0;

    /// <summary>The product that most supports "often bought with", if any.</summary>
    public string? BoughtWithAnchor(string productId) => _boughtWith.TryGetValue(productId, out var b) ? b.Anchor : null;

    public static double Weight(ProductActivity a, DateTimeOffset now)
    {
        var raw = a.Buyers * BuyerWeight + a.Joiners * JoinerWeight + Math.Min(a.Views, MaxCountedViews) * ViewWeight;
        var age = Math.Max(0, (now - a.LastAt).TotalDays);
        return raw * Math.Pow(0.5, age / HalfLife.TotalDays);
    }

    // Cosine similarity over product weights, among the groups that touched this group's main products.
    private void LoadSimilarGroups(IGroupSignalReader signals, string merchantId, string? platform, string groupId, DateTimeOffset now)
    {
        var seeds = _own.Where(o => o.Value.Weight > 0).OrderByDescending(o => o.Value.Weight).Take(MaxSeedProducts)
            .ToDictionary(o => o.Key, o => o.Value.Weight, StringComparer.Ordinal);
        if (seeds.Count == 0)
        {
            return;
        }
        var overlap = new Dictionary<(string Platform, string GroupId), double>();
        foreach (var row in signals.ForProducts(merchantId, seeds.Keys, MaxGroupsPerSeed))
        {
            if (row.GroupId == groupId && (platform is null || row.Platform == platform))
            {
                continue;
            }
            var key = (row.Platform, row.GroupId);
            overlap[key] = overlap.GetValueOrDefault(key) + seeds[row.ProductId] * Weight(row, now);
        }
        var ownNorm = Math.Sqrt(_own.Values.Sum(o => o.Weight * o.Weight));
        foreach (var (group, shared) in overlap.OrderByDescending(o => o.Value).Take(MaxSimilarGroups))
        {
            var theirs = signals.ForGroup(merchantId, group.Platform, group.GroupId).Select(a => (a.ProductId, Weight: Weight(a, now))).ToList();
            var theirNorm = Math.Sqrt(theirs.Sum(t => t.Weight * t.Weight));
            if (shared <= 0 || ownNorm <= 0 || theirNorm <= 0)
            {
                continue;
            }
            var similarity = shared / (ownNorm * theirNorm);
            foreach (var (productId, weight) in theirs.Where(t => !_own.ContainsKey(t.ProductId)))
            {
                _similar[productId] = _similar.GetValueOrDefault(productId) + similarity * weight;
            }
        }
    }

    // 0 for no evidence, towards 1 as evidence grows; `scale` is the evidence that gives ~0.63.
    private static double Saturate(double evidence, double scale) => evidence <= 0 ? 0 : 1 - Math.Exp(-evidence / scale);

    private sealed record Own(int Buyers, int Joiners, double Weight);
}
