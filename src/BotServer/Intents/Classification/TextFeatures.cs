using System.Buffers;

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
        var text = normalised.AsSpan(0, Math.Min(normalised.Length, MaxChars));
        Span<char> padded = stackalloc char[text.Length + 2];
        padded[0] = '\u0002';
        text.CopyTo(padded[1..]);
        padded[^1] = '\u0003';
        // Every feature once per occurrence: at most three n-grams per character, and fewer words
        // and word pairs than characters.
        var capacity = 4 * padded.Length;
        var buffer = ArrayPool<int>.Shared.Rent(2 * capacity);
        var count = 0;
        for (var n = 1; n <= 3; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                var gram = padded.Slice(i, n);
                if (n == 1 && char.IsWhiteSpace(gram[0]))
                {
                    continue;
                }
                buffer[count++] = Index(Fnv(Seed((uint)n), gram));
            }
        }
        count += AddLatinWords(text, buffer.AsSpan(count));
        var features = buffer.AsSpan(0, count);
        SortIndices(features, buffer.AsSpan(capacity, count));
        var vector = SparseVector.FromSortedOccurrences(features);
        ArrayPool<int>.Shared.Return(buffer);
        return vector;
    }

    /// <summary>Latin words (ASCII letters, digits, apostrophes) and each pair of neighbouring words.</summary>
    private static int AddLatinWords(ReadOnlySpan<char> text, Span<int> features)
    {
        var count = 0;
        var previous = ReadOnlySpan<char>.Empty;
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
                var word = text[start..i];
                features[count++] = Index(Fnv(Seed(11), word));
                if (!previous.IsEmpty)
                {
                    // The hash of "previous word" without building the string.
                    features[count++] = Index(Fnv(Fnv(Fnv(Seed(12), previous), " "), word));
                }
                previous = word;
                start = -1;
            }
        }
        return count;
    }

    /// <summary>
    /// Sorts feature indices (below <see cref="Dimensions"/>) in place, six bits a pass: a radix sort
    /// of a few hundred hashes costs a fraction of a comparison sort's time.
    /// </summary>
    private static void SortIndices(Span<int> indices, Span<int> scratch)
    {
        const int RadixBits = 6;
        Span<int> starts = stackalloc int[1 << RadixBits];
        var from = indices;
        var to = scratch;
        for (var shift = 0; shift < Bits; shift += RadixBits)
        {
            starts.Clear();
            foreach (var index in from)
            {
                starts[(index >> shift) & ((1 << RadixBits) - 1)]++;
            }
            var total = 0;
            for (var digit = 0; digit < starts.Length; digit++)
            {
                (starts[digit], total) = (total, total + starts[digit]);
            }
            foreach (var index in from)
            {
                to[starts[(index >> shift) & ((1 << RadixBits) - 1)]++] = index;
            }
            var sorted = to;
            to = from;
            from = sorted;
        }
        if (from != indices)
        {
            from.CopyTo(indices);
        }
    }

    // FNV-1a: stable across processes and runtimes (string.GetHashCode is randomised per process).
    private static uint Seed(uint salt) => 2166136261u ^ salt;

    private static uint Fnv(uint hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    private static int Index(uint hash) => (int)(hash & (Dimensions - 1));
}

/// <summary>A sparse feature vector: sorted indices with values.</summary>
public sealed class SparseVector(int[] indices, float[] values)
{
    public int[] Indices { get; } = indices;
    public float[] Values { get; } = values;

    /// <summary>
    /// From feature indices listed once per occurrence, sorted: each distinct index weighs
    /// 1 + ln(count), and the whole vector is scaled to unit length.
    /// </summary>
    public static SparseVector FromSortedOccurrences(ReadOnlySpan<int> occurrences)
    {
        var distinct = 0;
        for (var i = 0; i < occurrences.Length; i++)
        {
            if (i == 0 || occurrences[i] != occurrences[i - 1])
            {
                distinct++;
            }
        }
        var indices = new int[distinct];
        var values = new float[distinct];
        var norm = 0.0;
        for (var (k, i) = (0, 0); i < occurrences.Length; k++)
        {
            var run = i;
            while (i < occurrences.Length && occurrences[i] == occurrences[run])
            {
                i++;
            }
            indices[k] = occurrences[run];
            values[k] = 1 + MathF.Log(i - run);
            norm += values[k] * values[k];
        }
        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
        return new SparseVector(indices, values);
    }
}
