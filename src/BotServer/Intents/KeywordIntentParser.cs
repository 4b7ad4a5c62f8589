using System.Globalization;
using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Intents;

/// <summary>
/// A first rule-based parser: cue phrases for help, greetings, thanks, price questions,
/// recommendations and searches, plus simple budget expressions. Everything else is `none`.
/// </summary>
public sealed partial class KeywordIntentParser : IIntentParser
{
    private static readonly (string Intent, double Confidence, string[] Cues)[] Rules =
    [
        (IntentNames.Help, 0.95, ["help", "/help", "帮助", "怎么用", "你能做什么", "你会什么", "功能", "菜单", "what can you do"]),
        (IntentNames.AskPrice, 0.85, ["多少钱", "多少米", "啥价", "什么价", "价格", "how much", "price of", "what's the price"]),
        (IntentNames.Recommend, 0.85, ["推荐", "有啥好", "有什么好", "种草", "求链接", "recommend", "suggest", "any good"]),
        (IntentNames.SearchProducts, 0.8, ["有没有", "有卖", "帮我找", "想买", "要买", "找一下", "looking for", "search", "do you have", "want to buy", "find"]),
        (IntentNames.Thanks, 0.9, ["谢谢", "多谢", "感谢", "thanks", "thank you", "thx"]),
        (IntentNames.Greet, 0.9, ["你好", "您好", "哈喽", "嗨", "在吗", "hello", "hi", "hey"]),
    ];

    public IntentResult Parse(string text, ParseContext context)
    {
        // Folding keeps every character in place, so entity offsets are offsets in the original text.
        var folded = TextTokens.Fold(text ?? "");
        var language = context.Language is "zh" or "en" ? context.Language : TextTokens.HasCjk(folded) ? "zh" : "en";
        if (string.IsNullOrWhiteSpace(folded))
        {
            return IntentResult.None(language);
        }
        var entities = BudgetExtractor.Extract(folded, text!)
            .Concat(OrdinalExtractor.Extract(folded, text!))
            .Concat(GiftEntityExtractor.Extract(folded, text!))
            .ToList();
        // A gift request names a gift, or a recipient with an occasion ("妈妈生日买什么").
        if (GiftEntityExtractor.MentionsGift(folded)
            || entities.Any(e => e.Type == "recipient") && entities.Any(e => e.Type == "occasion"))
        {
            return new IntentResult(IntentNames.Gift, 0.9, language, entities);
        }
        foreach (var (intent, confidence, cues) in Rules)
        {
            if (cues.Any(cue => ContainsCue(folded, cue)))
            {
                return new IntentResult(intent, confidence, language, entities);
            }
        }
        return new IntentResult(IntentNames.None, entities.Count > 0 ? 0.4 : 0.2, language, entities);
    }

    private static bool ContainsCue(string text, string cue)
    {
        if (TextTokens.HasCjk(cue) || cue.StartsWith('/'))
        {
            return text.Contains(cue, StringComparison.Ordinal);
        }
        // Latin cues must stand as whole words: "hi" is not in "this".
        var at = 0;
        while ((at = text.IndexOf(cue, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var end = at + cue.Length;
            var after = end >= text.Length || !char.IsLetter(text[end]);
            if (before && after)
            {
                return true;
            }
            at = end;
        }
        return false;
    }
}
