using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// How well products suit one gift prior, 0..1: 0 when neither a category nor a tag of the prior
/// fits; earlier categories and tags count more, both together most; a product tagged for
/// someone else (a 送女友 lipstick for a mother) counts less. Made once per prior and asked for
/// every candidate of every gift pick, so the prior's categories and tags are looked up, not scanned.
/// </summary>
public sealed class GiftFitScorer
{
    private const double MeantForOthersFactor = 0.3;

    // Case-insensitive, like product tags: the first position of each category, and for each tag
    // its first position and how many times the prior lists it.
    private readonly Dictionary<string, int> _categoryRanks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (int First, int Count)> _tagRanks = new(StringComparer.OrdinalIgnoreCase);

    public GiftFitScorer(GiftPrior prior)
    {
        Prior = prior;
        for (var i = 0; i < prior.Categories.Count; i++)
        {
            _categoryRanks.TryAdd(prior.Categories[i], i);
        }
        for (var i = 0; i < prior.Tags.Count; i++)
        {
            _tagRanks[prior.Tags[i]] = _tagRanks.TryGetValue(prior.Tags[i], out var seen) ? (seen.First, seen.Count + 1) : (i, 1);
        }
    }

    public GiftPrior Prior { get; }

    public double Fit(Product product)
    {
        var firstCategory = int.MaxValue;
        foreach (var category in product.CategoryPath)
        {
            if (_categoryRanks.TryGetValue(category, out var rank) && rank < firstCategory)
            {
                firstCategory = rank;
            }
        }
        var category01 = firstCategory == int.MaxValue ? 0 : Math.Max(0.5, 1 - 0.1 * firstCategory);

        // A tag the product carries twice ("gift", "Gift") counts once: matches are told apart by
        // their first position in the prior.
        var firstTag = int.MaxValue;
        var matched = 0;
        var seen = product.Tags.Count <= 64 ? stackalloc int[product.Tags.Count] : new int[product.Tags.Count];
        var seenCount = 0;
        foreach (var tag in product.Tags)
        {
            if (!_tagRanks.TryGetValue(tag, out var rank) || seen[..seenCount].Contains(rank.First))
            {
                continue;
            }
            seen[seenCount++] = rank.First;
            firstTag = Math.Min(firstTag, rank.First);
            matched += rank.Count;
        }
        var tag01 = firstTag == int.MaxValue ? 0 : Math.Min(1, Math.Max(0.5, 1 - 0.05 * firstTag) + 0.1 * Math.Max(0, matched - 1));

        var fit = 1 - (1 - 0.8 * category01) * (1 - 0.9 * tag01);
        // "生日礼物" on a Barbie doll fits a birthday, not a mother's.
        return GiftVocabulary.MeantForSomeoneElse(product.Tags, Prior.Recipient) ? fit * MeantForOthersFactor : fit;
    }
}
