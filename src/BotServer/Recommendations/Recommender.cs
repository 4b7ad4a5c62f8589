using System.Runtime.CompilerServices;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>What someone asks picks for. Empty strings mean "not given".</summary>
public sealed record RecommendationRequest
{
    public required string MerchantId { get; init; }
    /// <summary>The platform of <see cref="GroupId"/>; empty matches the group on any platform.</summary>
    public string Platform { get; init; } = "";
    public string GroupId { get; init; } = "";
    public string UserId { get; init; } = "";
    public string Query { get; init; } = "";
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public string Recipient { get; init; } = "";
    public string Occasion { get; init; } = "";
    /// <summary>0 = the default (5).</summary>
    public int Limit { get; init; }
    /// <summary>"zh", "en", or empty for "zh": the language of the reasons.</summary>
    public string Language { get; init; } = "";
    /// <summary>Products the asker is looking at: picks often bought with them rank higher; they are not picked themselves.</summary>
    public IReadOnlyList<string> ContextProductIds { get; init; } = [];
}

/// <param name="Score">0..1, higher is better; comparable only within one answer.</param>
/// <param name="Reason">One short phrase in the requested language.</param>
public sealed record Recommendation(Product Product, double Score, string Reason);

/// <summary>
/// Ranked picks from a merchant's catalog. Candidates come from search when there is a query,
/// from the gift prior's categories and tags for a gift, else from the popular in-budget
/// products, plus whatever group signals point at. Each is scored by a weighted blend of query
/// relevance, gift fit, budget fit, popularity and group signals (this group, similar groups,
/// bought-with); the top three are kept free of near-duplicates, and each pick gets the reason
/// that carries most weight with people: what the group did first, the catalog last.
/// </summary>
public sealed class Recommender(IProductSearch search, IProductStore products, IGroupSignalReader signals, GiftPriors giftPriors, TimeProvider time)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;
    public const int MaxContextProducts = 20;
    public const int MaxQueryLength = 200;
    public const int MaxIdLength = 256;
    public const int MaxPlatformLength = 64;

    private const int CandidatePool = 300;
    private const int MaxSignalCandidates = 60;
    private const int MaxGiftCategories = 6;
    private const int DiverseHead = 3;
    private const double ReasonThreshold = 0.2;
    private const int BestSellerSales = 2000;

    private const double RelevanceWeight = 0.40;
    private const double GiftWeight = 0.35;
    private const double BudgetWeight = 0.10;
    private const double PopularityWeight = 0.15;
    private const double OwnGroupWeight = 0.20;
    private const double BoughtWithWeight = 0.20;
    private const double SimilarGroupsWeight = 0.08;

    // A prior's scorer is made once while the prior lives: built-in priors for good, a merchant's
    // until its next write (the prior store remembers the instance until then).
    private static readonly ConditionalWeakTable<GiftPrior, GiftFitScorer> Scorers = new();

    public IReadOnlyList<Recommendation> Recommend(RecommendationRequest request)
    {
        Validate(request);
        var language = request.Language == "en" ? "en" : "zh";
        var query = request.Query.Trim();
        query = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        var platform = request.Platform.Trim().ToLowerInvariant() is { Length: > 0 } p ? p : null;
        var inView = request.ContextProductIds.Select(id => id.Trim()).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var prior = request.Recipient.Length > 0 || request.Occasion.Length > 0
            ? giftPriors.Resolve(request.MerchantId, request.Recipient, request.Occasion)
            : null;
        var gift = prior is null ? null : Scorers.GetValue(prior, p => new GiftFitScorer(p));
        var budget = new BudgetFit(request.BudgetMin, request.BudgetMax);
        var signalScores = SignalScores.Load(signals, request.MerchantId, platform, request.GroupId, request.UserId, inView, time.GetUtcNow());

        var candidates = Candidates(request.MerchantId, query, gift, budget, signalScores)
            .Where(c => !inView.Contains(c.Product.ProductId))
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var maxSales = Math.Log(2 + candidates.Max(c => Math.Max(0, c.Product.SalesCount)));
        var scored = candidates
            .Select(c => (c.Product, Score: Score(c, query.Length > 0, gift is not null, budget, signalScores, maxSales)))
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.Product.SalesCount)
            .ThenBy(s => s.Product.ProductId, StringComparer.Ordinal);
        var ranked = NearDuplicates.PushDown(scored, s => s.Product, DiverseHead)
            .Take(request.Limit == 0 ? DefaultLimit : request.Limit)
            .ToList();

        var picks = new List<Recommendation>(ranked.Count);
        var ceiling = 1.0;
        foreach (var (product, score) in ranked)
        {
            // A near-duplicate pushed down must not report a better score than what now ranks above it.
            ceiling = Math.Min(ceiling, score);
            picks.Add(new Recommendation(product, Math.Round(ceiling, 4), Reason(request.MerchantId, product, gift, budget, signalScores, query.Length > 0, language)));
        }
        return picks;
    }

    private static void Validate(RecommendationRequest request) =>
        new Violations()
            .When(request.Limit is < 0 or > MaxLimit, "limit", $"must be between 0 (the default, {DefaultLimit}) and {MaxLimit}")
            .When(request.BudgetMin < 0, "budget.min", "must not be negative")
            .When(request.BudgetMax < 0, "budget.max", "must not be negative")
            .When(request.BudgetMin > request.BudgetMax, "budget", "min must not exceed max")
            .When(request.Recipient.Length > 0 && !GiftVocabulary.IsRecipient(request.Recipient), "recipient",
                "must be empty or " + GiftVocabulary.OneOf(GiftVocabulary.Recipients))
            .When(request.Occasion.Length > 0 && !GiftVocabulary.IsOccasion(request.Occasion), "occasion",
                "must be empty or " + GiftVocabulary.OneOf(GiftVocabulary.Occasions))
            .When(request.Language is not ("" or "zh" or "en"), "language", "must be empty, \"zh\" or \"en\"")
            .When(request.ContextProductIds.Count > MaxContextProducts, "context_product_ids", $"must hold at most {MaxContextProducts} product ids")
            .When(request.GroupId.Length > MaxIdLength, "group_id", $"must be at most {MaxIdLength} characters")
            .When(request.UserId.Length > MaxIdLength, "user_id", $"must be at most {MaxIdLength} characters")
            .When(request.Platform.Length > MaxPlatformLength, "platform", $"must be at most {MaxPlatformLength} characters")
            .ThrowIfAny();

    private IEnumerable<Candidate> Candidates(string merchantId, string query, GiftFitScorer? gift, BudgetFit budget, SignalScores signalScores)
    {
        var found = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        void Add(Product product, double relevance)
        {
            if (!found.ContainsKey(product.ProductId) && product.Active && product.Stock > 0 && budget.PriceWithin(product) is not null)
            {
                found[product.ProductId] = new Candidate(product, relevance, gift?.Fit(product) ?? 0);
            }
        }

        if (query.Length > 0)
        {
            // The query decides what is relevant; a gift prior only reorders within it.
            var hits = Search(merchantId, query, budget);
            var best = hits.Count == 0 ? 1 : Math.Max(hits.Max(h => h.Score), double.Epsilon);
            foreach (var hit in hits)
            {
                Add(hit.Product, Math.Clamp(hit.Score / best, 0, 1));
            }
            return found.Values;
        }
        if (gift?.Prior is { } prior)
        {
            foreach (var category in prior.Categories.Take(MaxGiftCategories))
            {
                AddAll(Search(merchantId, "", budget, category));
            }
            if (prior.Tags.Count > 0)
            {
                AddAll(Search(merchantId, string.Join(' ', prior.Tags), budget));
            }
        }
        AddAll(Search(merchantId, "", budget));
        foreach (var id in signalScores.ProductIds(MaxSignalCandidates))
        {
            if (!found.ContainsKey(id) && search.Indexed(merchantId, id) is { } product)
            {
                Add(product, 0);
            }
        }
        // A gift pick must suit the recipient or occasion.
        return gift is null ? found.Values : found.Values.Where(c => c.GiftFit > 0);

        void AddAll(IEnumerable<ProductHit> hits)
        {
            foreach (var hit in hits)
            {
                Add(hit.Product, 0);
            }
        }
    }

    private IReadOnlyList<ProductHit> Search(string merchantId, string text, BudgetFit budget, string? category = null) =>
        search.Search(new ProductQuery(merchantId, text, budget.Min, budget.Max, category, InStockOnly: true, Limit: CandidatePool)).Hits;

    private static double Score(Candidate c, bool hasQuery, bool isGift, BudgetFit budget, SignalScores signalScores, double maxSales)
    {
        var id = c.Product.ProductId;
        var parts = new List<(double Weight, double Value)>
        {
            (PopularityWeight, maxSales <= 0 ? 0 : Math.Log(2 + Math.Max(0, c.Product.SalesCount)) / maxSales),
            (OwnGroupWeight, signalScores.OwnScore(id)),
            (BoughtWithWeight, signalScores.BoughtWithScore(id)),
            (SimilarGroupsWeight, signalScores.SimilarScore(id)),
        };
        if (hasQuery)
        {
            parts.Add((RelevanceWeight, c.Relevance));
        }
        if (isGift)
        {
            parts.Add((GiftWeight, c.GiftFit));
        }
        if (budget.IsSet)
        {
            parts.Add((BudgetWeight, budget.Fit(c.Product)));
        }
        return parts.Sum(p => p.Weight * p.Value) / parts.Sum(p => p.Weight);
    }

    /// <summary>How well one product suits a gift prior (see <see cref="GiftFitScorer"/>; gift picks reuse one scorer per prior).</summary>
    public static double GiftFit(Product product, GiftPrior prior) => new GiftFitScorer(prior).Fit(product);

    private string Reason(string merchantId, Product product, GiftFitScorer? gift, BudgetFit budget, SignalScores signalScores, bool hasQuery, string language)
    {
        var id = product.ProductId;
        if (signalScores.Buyers(id) > 0)
        {
            return RecommendationReasons.BoughtInGroup(signalScores.Buyers(id), language);
        }
        if (signalScores.Joiners(id) > 0)
        {
            return RecommendationReasons.JoinedInGroup(signalScores.Joiners(id), language);
        }
        if (signalScores.BoughtWithScore(id) >= ReasonThreshold
            && signalScores.BoughtWithAnchor(id) is { } anchorId
            && products.Find(merchantId, anchorId) is { } anchor)
        {
            return RecommendationReasons.BoughtWith(anchor.TitleFor(language), language);
        }
        if (gift is not null && gift.Fit(product) > 0)
        {
            return gift.Prior.Reason(language);
        }
        if (signalScores.SimilarScore(id) >= ReasonThreshold)
        {
            return RecommendationReasons.SimilarGroups(language);
        }
        if (budget.IsSet)
        {
            return RecommendationReasons.InBudget(language);
        }
        if (product.SalesCount >= BestSellerSales)
        {
            return RecommendationReasons.BestSeller(product.SalesCount, language);
        }
        return hasQuery ? RecommendationReasons.Matches(language) : RecommendationReasons.Popular(language);
    }

    private sealed record Candidate(Product Product, double Relevance, double GiftFit);
}

/// <summary>
/// A budget and how well a price fits it. "500以内" usually means "something around 400–500",
/// not "the cheapest thing under 500": the fit peaks at 80% of the way from the bottom of the
/// range to its top.
/// </summary>
public sealed record BudgetFit(decimal? Min, decimal? Max)
{
    private const double Sweet = 0.8;

    public bool IsSet => Min is not null || Max is not null;

    /// <summary>The price the product can be had for within the budget (its own price, else a group price), or null.</summary>
    public decimal? PriceWithin(Product product)
    {
        if (Within(product.Price))
        {
            return product.Price;
        }
        return product.GroupPriceTiers.Select(t => (decimal?)t.Price).Where(p => Within(p!.Value)).Max();
    }

    public double Fit(Product product)
    {
        if (PriceWithin(product) is not { } price)
        {
            return 0;
        }
        if (Max is { } max)
        {
            var low = Min ?? 0;
            if (max <= low)
            {
                return 1;
            }
            var position = (double)((price - low) / (max - low));
            return 0.25 + 0.75 * Math.Max(0, 1 - Math.Abs(position - Sweet) / Sweet);
        }
        // Only a floor ("500以上"): closest above it fits best.
        var floor = (double)Math.Max(Min!.Value, 1);
        return Math.Clamp(1.5 * floor / Math.Max((double)price, floor), 0.25, 1);
    }

    private bool Within(decimal price) => (Min is null || price >= Min) && (Max is null || price <= Max);
}
