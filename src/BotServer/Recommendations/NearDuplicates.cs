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

    public static bool Are(Product a, Product b) => new Shape(a).IsLike(new Shape(b));

    /// <summary>
    /// Keeps the first <paramref name="head"/> places free of near-duplicates: an item too like
    /// one already placed there waits, in its order, until those places are filled.
    /// </summary>
    public static List<T> PushDown<T>(IEnumerable<T> ranked, Func<T, Product> product, int head = 3)
    {
        // Each placed item's shape is worked out once, however many later items it is held against.
        var top = new List<(T Item, Shape Shape)>(head);
        var rest = new List<T>();
        foreach (var item in ranked)
        {
            if (top.Count < head)
            {
                var shape = new Shape(product(item));
                if (!top.Exists(t => t.Shape.IsLike(shape)))
                {
                    top.Add((item, shape));
                    continue;
                }
            }
            rest.Add(item);
        }
        return [.. top.Select(t => t.Item), .. rest];
    }

    /// <summary>Jaccard overlap of the titles' character pairs (letters and digits only), the best over languages.</summary>
    public static double TitleSimilarity(Product a, Product b) => new Shape(a).TitleSimilarity(new Shape(b));

    /// <summary>What near-duplicates are judged by, each part worked out when first needed.</summary>
    private sealed class Shape(Product product)
    {
        private string? _brand;
        private string? _subCategory;
        private HashSet<int>?[]? _titleBigrams;

        private string Brand => _brand ??= product.Brand.Trim();

        private string SubCategory => _subCategory ??= string.Join('/', product.CategoryPath).ToLowerInvariant();

        public bool IsLike(Shape other) =>
            (Brand.Length > 0 && string.Equals(Brand, other.Brand, StringComparison.OrdinalIgnoreCase) && SubCategory == other.SubCategory)
            || TitleSimilarity(other) >= SimilarTitleThreshold;

        public double TitleSimilarity(Shape other)
        {
            var best = 0.0;
            for (var language = 0; language < 3; language++)
            {
                if (Title(language).Length > 0 && other.Title(language).Length > 0)
                {
                    best = Math.Max(best, Jaccard(Bigrams(language), other.Bigrams(language)));
                }
            }
            return best;
        }

        private string Title(int language) => language switch
        {
            0 => product.TitleZh,
            1 => product.TitleEn,
            _ => product.Title,
        };

        private HashSet<int> Bigrams(int language)
        {
            _titleBigrams ??= new HashSet<int>?[3];
            return _titleBigrams[language] ??= NearDuplicates.Bigrams(Title(language));
        }
    }

    // A pair of UTF-16 units as one int: the same pairs as two-character substrings, compared ordinally.
    private static HashSet<int> Bigrams(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }
        var grams = new HashSet<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            grams.Add(text[i] << 16 | text[i + 1]);
        }
        return grams;
    }

    private static double Jaccard(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = 0;
        foreach (var gram in a)
        {
            if (b.Contains(gram))
            {
                shared++;
            }
        }
        return (double)shared / (a.Count + b.Count - shared);
    }
}
