using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>
/// Budget, category, brand and stock filters as random-access bits, so a scoring query only
/// visits products that pass: the budget is read from price doc values per candidate (no range
/// terms to enumerate), exact terms come from bit sets cached per index segment.
/// </summary>
public sealed class ProductFilter(IReadOnlyList<Term> requiredTerms, long? minCents, long? maxCents, SegmentFilterCache cache) : Filter
{
    /// <summary>Price doc value of a product with no group price.</summary>
    public const long NoPrice = -1;

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var required = new FixedBitSet[requiredTerms.Count];
        for (var i = 0; i < required.Length; i++)
        {
            if (cache.Get(reader, requiredTerms[i]) is not { } bits)
            {
                return null;
            }
            required[i] = bits;
        }
        var budget = minCents is not null || maxCents is not null;
        var (price, groupPrice) = budget ? cache.Prices(reader) : ([], []);
        return new FieldCacheDocIdSet(reader.MaxDoc, acceptDocs, doc =>
        {
            foreach (var bits in required)
            {
                if (!bits.Get(doc))
                {
                    return false;
                }
            }
            // Either the normal price or the best group price within the budget will do.
            return !budget || Within(price[doc]) || Within(groupPrice[doc]);
        });
    }

    private bool Within(long cents) => cents != NoPrice && (minCents is null || cents >= minCents) && (maxCents is null || cents <= maxCents);
}

/// <summary>
/// Per index segment: which documents hold an exact term ("s:1", "c:electronics"), and the prices
/// as plain arrays. Remembered per segment core, since segments never change their documents,
/// only their deletions (which the live docs take care of); dropped with the segment.
/// </summary>
public sealed class SegmentFilterCache
{
    private const int MaxTermsPerSegment = 1024;

    private readonly ConditionalWeakTable<object, ConcurrentBits> _segments = new();
    private readonly ConditionalWeakTable<object, Tuple<long[], long[]>> _prices = new();

    /// <summary>Price and best group price (or <see cref="ProductFilter.NoPrice"/>) in cents, by document.</summary>
    public (long[] Price, long[] GroupPrice) Prices(AtomicReader reader)
    {
        var prices = _prices.GetValue(reader.CoreCacheKey, _ =>
        {
            var price = Read(reader.GetNumericDocValues(ProductFields.Price), reader.MaxDoc);
            var groupPrice = Read(reader.GetNumericDocValues(ProductFields.GroupPrice), reader.MaxDoc);
            return Tuple.Create(price, groupPrice);
        });
        return (prices.Item1, prices.Item2);
    }

    private static long[] Read(NumericDocValues? values, int count)
    {
        var array = new long[count];
        for (var doc = 0; doc < count; doc++)
        {
            array[doc] = values?.Get(doc) ?? ProductFilter.NoPrice;
        }
        return array;
    }

    /// <summary>The documents with the term, or null when none has it.</summary>
    public FixedBitSet? Get(AtomicReader reader, Term term)
    {
        var segment = _segments.GetValue(reader.CoreCacheKey, _ => new ConcurrentBits());
        if (segment.TryGetValue(term, out var known))
        {
            return known;
        }
        FixedBitSet? bits = null;
        if (reader.GetTermDocsEnum(term) is { } docs)
        {
            bits = new FixedBitSet(reader.MaxDoc);
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                bits.Set(doc);
            }
        }
        if (segment.Count >= MaxTermsPerSegment)
        {
            segment.Clear();
        }
        segment[term] = bits;
        return bits;
    }

    private sealed class ConcurrentBits : System.Collections.Concurrent.ConcurrentDictionary<Term, FixedBitSet?>;
}
