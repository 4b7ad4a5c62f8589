using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// The gift priors in force for a merchant: its own (stored) over the built-in defaults, per
/// recipient + occasion.
/// </summary>
public sealed class GiftPriors(IGiftPriorStore store, BuiltInGiftPriors builtIn, TimeProvider time)
{
    public const int MaxRequestIdLength = 256;

    /// <summary>Creates or replaces the merchant's prior for its recipient + occasion.</summary>
    public GiftPrior Upsert(string merchantId, GiftPrior prior, string requestId = "")
    {
        var cleaned = prior with
        {
            Recipient = prior.Recipient.Trim(),
            Occasion = prior.Occasion.Trim(),
            Categories = prior.Categories.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
            Tags = prior.Tags.Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ReasonZh = prior.ReasonZh.Trim(),
            ReasonEn = prior.ReasonEn.Trim(),
            MerchantId = merchantId,
        };
        var violations = new Violations().When(requestId.Length > MaxRequestIdLength, "request_id", $"must be at most {MaxRequestIdLength} characters");
        GiftPriorRules.Check(cleaned, "prior.", violations);
        violations.ThrowIfAny();
        // Replacing is idempotent by itself, so a retried upsert needs no request-id bookkeeping.
        store.Upsert(cleaned, time.GetUtcNow().UtcDateTime);
        return cleaned;
    }

    /// <summary>The merchant's own priors, then the built-in defaults it has not replaced.</summary>
    public IReadOnlyList<GiftPrior> List(string merchantId, string? recipient = null)
    {
        recipient = string.IsNullOrWhiteSpace(recipient) ? null : recipient.Trim();
        new Violations().When(recipient is not null && !GiftVocabulary.IsRecipient(recipient), "recipient", GiftVocabulary.OneOf(GiftVocabulary.Recipients)).ThrowIfAny();
        var own = store.List(merchantId)
            .OrderBy(p => p.Recipient, StringComparer.Ordinal).ThenBy(p => p.Occasion, StringComparer.Ordinal)
            .ToList();
        var replaced = own.Select(p => (p.Recipient, p.Occasion)).ToHashSet();
        return own.Concat(builtIn.All.Where(p => !replaced.Contains((p.Recipient, p.Occasion))))
            .Where(p => recipient is null || p.Recipient == recipient)
            .ToList();
    }

    /// <summary>Removes the merchant's own prior (the built-in default, if any, applies again).</summary>
    public GiftPrior Delete(string merchantId, string recipient, string occasion, string requestId = "")
    {
        recipient = recipient.Trim();
        occasion = occasion.Trim();
        new Violations()
            .When(!GiftVocabulary.IsRecipient(recipient), "recipient", GiftVocabulary.OneOf(GiftVocabulary.Recipients))
            .When(occasion.Length > 0 && !GiftVocabulary.IsOccasion(occasion), "occasion", "must be empty (any occasion) or " + GiftVocabulary.OneOf(GiftVocabulary.Occasions))
            .When(requestId.Length > MaxRequestIdLength, "request_id", $"must be at most {MaxRequestIdLength} characters")
            .ThrowIfAny();
        return store.Delete(merchantId, recipient, occasion, requestId, time.GetUtcNow().UtcDateTime)
            ?? throw new NotFoundException("gift_prior", $"{recipient}/{occasion}");
    }

    /// <summary>
    /// The prior that applies: for the exact recipient + occasion, else the recipient's
    /// any-occasion prior (the merchant's before the built-in one at each step). With only an
    /// occasion, the priors for that occasion merged. Null when nothing applies.
    /// </summary>
    public GiftPrior? Resolve(string merchantId, string? recipient, string? occasion)
    {
        recipient = string.IsNullOrEmpty(recipient) ? null : recipient;
        occasion ??= "";
        if (recipient is not null)
        {
            return (occasion.Length > 0 ? Effective(merchantId, recipient, occasion) : null)
                ?? Effective(merchantId, recipient, "");
        }
        if (occasion.Length == 0)
        {
            return null;
        }
        var forOccasion = List(merchantId).Where(p => p.Occasion == occasion).ToList();
        if (forOccasion.Count == 0)
        {
            return null;
        }
        return new GiftPrior(
            "",
            occasion,
            RankedUnion(forOccasion.Select(p => p.Categories)),
            RankedUnion(forOccasion.Select(p => p.Tags)),
            $"{GiftVocabulary.OccasionName(occasion, "zh")}的热门礼物",
            $"a popular {GiftVocabulary.OccasionName(occasion, "en")} gift")
        {
            MerchantId = merchantId,
        };
    }

    private GiftPrior? Effective(string merchantId, string recipient, string occasion) =>
        store.Find(merchantId, recipient, occasion) ?? builtIn.Find(recipient, occasion);

    // Values named by more priors, and earlier in them, first.
    private static List<string> RankedUnion(IEnumerable<IReadOnlyList<string>> lists) =>
        lists.SelectMany(list => list.Select((value, rank) => (value, rank)))
            .GroupBy(x => x.value, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.rank)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
}
