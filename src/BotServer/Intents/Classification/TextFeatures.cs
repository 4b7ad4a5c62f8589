namespace ChatCommerce.BotServer.Intents.Classification;

/// <summary>
/// Hashed sparse features of a normalised message: character 1–3-grams over the whole text
/// (robust to missing word boundaries in Chinese and to typos), and latin word unigrams and
/// bigrams. Counts are log-scaled and L2-normalised so long messages do not dominate.
/// </summary>
public static class TextFeatures
{
    public const int Bits = 18;
    public const int Dimensions = 1 << Bits;
    private const int MaxChars = 400;

    public static SparseVector Of(string normalised)
    {
        var text = normalised.Length > MaxChars ? normalised[..MaxChars] : normalised;
        var counts = new Dictionary<int, float>();
        var padded = "\u0002" + text + "\u0003";
        for (var n = 1; n <= 3; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                var gram = padded.AsSpan(i, n);
                if (n == 1 && char.IsWhiteSpace(gram[0]))
                {
                    continue;
                }
                Add(counts, Hash(gram, (uint)n));
            }
        }
        string? previous = null;
        foreach (var word in LatinWords(text))
        {
            Add(counts, Hash(word, 11));
            if (previous is not null)
            {
                Add(counts, Hash(previous + " " + word, 12));
            }
            previous = word;
        }
        return SparseVector.FromCounts(counts);
    }

    private static IEnumerable<string> LatinWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '\'');
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    private static void Add(Dictionary<int, float> counts, int index) =>
        counts[index] = counts.TryGetValue(index, out var c) ? c + 1 : 1;

    // FNV-1a: stable across processes and runtimes (string.GetHashCode is randomised per process).
    private static int Hash(ReadOnlySpan<char> text, uint salt)
    {
        var hash = 2166136261u ^ salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & (Dimensions - 1));
    }
}

/// <summary>A sparse feature vector: sorted indices with values.</summary>
public sealed class SparseVector(int[] indices, float[] values)
{
    public int[] Indices { get; } = indices;
    public float[] Values { get; } = values;

    public static SparseVector FromCounts(Dictionary<int, float> counts)
    {
        var indices = counts.Keys.Order().ToArray();
        var values = new float[indices.Length];
        var norm = 0.0;
        for (var i = 0; i < indices.Length; i++)
        {
            values[i] = 1 + MathF.Log(counts[indices[i]]);
            norm += values[i] * values[i];
        }
        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
        return new SparseVector(indices, values);
    }
}
