using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents.Classification;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Intents;

/// <summary>
/// The default parser, no network needed: normalise, extract entities, classify with the
/// trained model, apply the few rules that are clearly right, and answer `none` below the
/// confidence threshold. Brands, categories and products come from the merchant's catalog when
/// there is one (<see cref="ICatalogNames"/>); without it the parser finds none.
/// </summary>
public sealed class OfflineIntentParser(IntentModel model, ICatalogNames? catalog = null) : IIntentParser
{
    private readonly CatalogEntityExtractor _catalogEntities = new(catalog);

    /// <summary>Below this probability the message is treated as not for the bot.</summary>
    public const float Threshold = 0.35f;

    // Entity extraction and features look at a bounded prefix: a 100,000-character paste costs
    // the same as a long message.
    private const int MaxParsedLength = 1000;

    public IntentResult Parse(string text, ParseContext context)
    {
        text ??= "";
        var original = text.Length > MaxParsedLength ? text[..MaxParsedLength] : text;
        var normalised = TextNormalizer.Normalize(original);
        var language = context.Language is "zh" or "en" ? context.Language : TextNormalizer.DetectLanguage(normalised);
        if (string.IsNullOrWhiteSpace(normalised))
        {
            return IntentResult.None(language);
        }
        List<EntityMatch> entities =
        [
            .. BudgetExtractor.Extract(normalised, original),
            .. OrdinalExtractor.Extract(normalised, original),
            .. GiftEntityExtractor.Extract(normalised, original),
            .. GroupBuyEntityExtractor.Extract(normalised, original),
            .. _catalogEntities.Extract(context.MerchantId, normalised, original),
        ];
        var (intent, probability) = model.Classifier.Predict(TextFeatures.Of(normalised));
        // Naming a gift, or a recipient together with an occasion, is a gift request whatever
        // else the wording resembles ("给妈妈推荐个生日礼物").
        if (intent != IntentNames.None && (GiftEntityExtractor.MentionsGift(normalised)
            || entities.Any(e => e.Type == "recipient") && entities.Any(e => e.Type == "occasion")))
        {
            return new IntentResult(IntentNames.Gift, Math.Max(probability, 0.9f), language, entities);
        }
        return probability < Threshold
            ? new IntentResult(IntentNames.None, probability, language, entities)
            : new IntentResult(intent, probability, language, entities);
    }
}
