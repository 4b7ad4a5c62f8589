using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// What suits a recipient on an occasion (empty occasion = any): category slugs best first, tags
/// matched against product tags in any language, and the reason shown with the picks.
/// </summary>
public sealed record GiftPrior(
    string Recipient,
    string Occasion,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Tags,
    string ReasonZh,
    string ReasonEn)
{
    /// <summary>Empty for built-in defaults.</summary>
    public string MerchantId { get; init; } = "";

    public bool BuiltIn => MerchantId.Length == 0;

    public string Reason(string language)
    {
        var written = language == "en" ? ReasonEn : ReasonZh;
        if (written.Length > 0)
        {
            return written;
        }
        var recipient = GiftVocabulary.RecipientName(Recipient, language);
        return (language, Occasion.Length > 0) switch
        {
            ("en", true) => $"a {GiftVocabulary.OccasionName(Occasion, language)} gift for {recipient}",
            ("en", false) => $"a gift for {recipient}",
            (_, true) => $"适合送{recipient}的{GiftVocabulary.OccasionName(Occasion, language)}礼物",
            _ => $"适合送{recipient}的礼物",
        };
    }
}

/// <summary>The checks every prior passes, built-in or the merchant's.</summary>
public static partial class GiftPriorRules
{
    public const int MaxCategories = 20;
    public const int MaxTags = 50;
    public const int MaxTagLength = 64;
    public const int MaxReasonZhLength = 40;
    public const int MaxReasonEnLength = 80;

    public static void Check(GiftPrior prior, string prefix, Violations violations)
    {
        violations
            .When(!GiftVocabulary.IsRecipient(prior.Recipient), $"{prefix}recipient", GiftVocabulary.OneOf(GiftVocabulary.Recipients))
            .When(prior.Occasion.Length > 0 && !GiftVocabulary.IsOccasion(prior.Occasion), $"{prefix}occasion",
                "must be empty (any occasion) or " + GiftVocabulary.OneOf(GiftVocabulary.Occasions))
            .When(prior.Categories.Count == 0 && prior.Tags.Count == 0, $"{prefix}categories", "at least one category or tag is required")
            .When(prior.Categories.Count > MaxCategories, $"{prefix}categories", $"must hold at most {MaxCategories} categories")
            .When(prior.Tags.Count > MaxTags, $"{prefix}tags", $"must hold at most {MaxTags} tags")
            .When(prior.ReasonZh.Length > MaxReasonZhLength, $"{prefix}reason_zh", $"must be at most {MaxReasonZhLength} characters")
            .When(prior.ReasonEn.Length > MaxReasonEnLength, $"{prefix}reason_en", $"must be at most {MaxReasonEnLength} characters");
        for (var i = 0; i < prior.Categories.Count; i++)
        {
            violations.When(!Slug().IsMatch(prior.Categories[i]), $"{prefix}categories[{i}]",
                "must be a category slug: lower-case letters, digits and '-', at most 64 characters");
        }
        for (var i = 0; i < prior.Tags.Count; i++)
        {
            violations.When(string.IsNullOrWhiteSpace(prior.Tags[i]) || prior.Tags[i].Length > MaxTagLength, $"{prefix}tags[{i}]",
                $"must be 1..{MaxTagLength} characters, not blank");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}

/// <summary>Merchants' own gift priors (built-in defaults are not stored).</summary>
public interface IGiftPriorStore
{
    IReadOnlyList<GiftPrior> List(string merchantId);

    GiftPrior? Find(string merchantId, string recipient, string occasion);

    void Upsert(GiftPrior prior, DateTime at);

    /// <summary>
    /// Removes the merchant's prior and answers it; null when there is none. A repeat of the
    /// request that removed it (same non-empty request id) answers the removed prior again.
    /// </summary>
    GiftPrior? Delete(string merchantId, string recipient, string occasion, string requestId, DateTime at);
}
