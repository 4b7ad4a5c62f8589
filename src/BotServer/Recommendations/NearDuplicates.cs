using System.Globalization;
using System.Text;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// Two products a shopper would call "the same thing twice": the same brand in the same
/// sub-category, or titles that mostly share their character pairs (variants, colours, bundles).
/// </summary>
public static class NearDuplicates
{
    public const double SimilarTitleThreshold = 0.6;

    public static bool Are(Product a, Product b) =>
        (SameBrand(a, b) && SubCategory(a) == SubCategory(b)) || TitleSimilarity(a, b) >= SimilarTitleThreshold;

    /// <summary>
    /// Keeps the first <paramref name="head"/> places free of near-duplicates: an item too like
    /// one already placed there waits, in its order, until those places are filled.
    /// </summary>
    public static List<T> PushDown<T>(IEnumerable<T> ranked, Func<T, Product> product, int head = 3)
    {
        var top = new List<T>(head);
        var rest = new List<T>();
        foreach (var item in ranked)
        {
            if (top.Count < head && !top.Any(t => Are(product(t), product(item))))
            {
                top.Add(item);
            }
            else
            {
                rest.Add(item);
            }
        }
        top.AddRange(rest);
        return top;
    }

    /// <summary>Jaccard overlap of the titles' character pairs (letters and digits only), the best over languages.</summary>
    public static double TitleSimilarity(Product a, Product b) =>
        new[] { (a.TitleZh, b.TitleZh), (a.TitleEn, b.TitleEn), (a.Title, b.Title) }
            .Where(t => t.Item1.Length > 0 && t.Item2.Length > 0)
            .Select(t => Jaccard(Bigrams(t.Item1), Bigrams(t.Item2)))
            .DefaultIfEmpty(0)
            .Max();

    private static bool SameBrand(Product a, Product b) =>
        a.Brand.Trim().Length > 0 && string.Equals(a.Brand.Trim(), b.Brand.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string SubCategory(Product p) => string.Join('/', p.CategoryPath).ToLowerInvariant();

    private static HashSet<string> Bigrams(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }
        var folded = text.ToString();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            grams.Add(folded.Substring(i, 2));
        }
        return grams;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
