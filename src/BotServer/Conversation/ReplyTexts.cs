using System.Globalization;
using System.Text;
using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>The bot's default wording, in Chinese and English.</summary>
public static class ReplyTexts
{
    public static string Help(string language) => language == "en"
        ? """
          I'm the shopping assistant of this group. Try:
          • "recommend earbuds under 500" — I'll list matching products
          • "how much is the 2nd one" — ask about an item from my last list
          • "hi" / "thanks" — I'm polite too
          Mention me (@shopbot) so I know you're talking to me.
          """
        : """
          我是本群的购物助手，可以这样问我：
          • “推荐500元以内的耳机” —— 我会列出合适的商品
          • “第2个多少钱” —— 问我上次列表里的商品
          • “你好” / “谢谢”
          记得 @我，我才知道你在和我说话。
          """;

    public static string Greeting(string language, string name) => language == "en"
        ? $"Hi {name}! Looking for something? Tell me what you need, or say \"help\"."
        : $"{name} 你好！想买点什么？直接告诉我，或者发“帮助”看看我能做什么。";

    public static string Thanks(string language) => language == "en" ? "You're welcome! 😊" : "不客气～有需要随时叫我 😊";

    public static string NotUnderstood(string language) => language == "en"
        ? "Sorry, I didn't catch that. Say \"help\" to see what I can do."
        : "抱歉，我没太明白。发“帮助”看看我能做什么。";

    public static string NothingFound(string language, decimal? budgetMax) => (language, budgetMax) switch
    {
        ("en", not null) => $"I found nothing matching within {Price(budgetMax.Value)}. Try other words or a bigger budget?",
        ("en", null) => "I found nothing matching. Try other words?",
        (_, not null) => $"{Price(budgetMax.Value)}以内没找到合适的，换个说法或者放宽预算试试？",
        _ => "没找到合适的商品，换个说法试试？",
    };

    /// <summary>A numbered list of at most five products: title, price, group price if any.</summary>
    public static string ProductList(string language, IReadOnlyList<Product> products, decimal? budgetMax)
    {
        var text = new StringBuilder();
        text.AppendLine(language == "en"
            ? budgetMax is null ? "Here's what I found:" : $"Here's what I found within {Price(budgetMax.Value)}:"
            : budgetMax is null ? "为你找到这些：" : $"{Price(budgetMax.Value)}以内为你找到这些：");
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {p.TitleFor(language)} — {Price(p.Price)}");
            if (p.BestGroupPrice is { } groupPrice)
            {
                text.Append(language == "en" ? $" (group buy {Price(groupPrice)})" : $"（拼团价 {Price(groupPrice)}）");
            }
            text.AppendLine();
        }
        text.Append(language == "en" ? "Reply with a number, e.g. \"the 2nd one\", to ask about it." : "回复序号（如“第2个”）可以继续问我。");
        return text.ToString();
    }

    public static string Price(decimal amount) => "¥" + amount.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Recommendations: a numbered list of at most five picks, each with its reason.</summary>
    public static string Picks(string language, IReadOnlyList<(Product Product, string Reason)> picks, decimal? budgetMax) =>
        PickList(language, picks, language == "en"
            ? budgetMax is null ? "My picks for you:" : $"My picks within {Price(budgetMax.Value)}:"
            : budgetMax is null ? "为你推荐这些：" : $"{Price(budgetMax.Value)}以内为你推荐这些：");

    /// <summary>Gift picks; <paramref name="forWhom"/> is the recipient as the reader would say it ("妈妈", "mothers").</summary>
    public static string GiftPicks(string language, IReadOnlyList<(Product Product, string Reason)> picks, string? forWhom) =>
        PickList(language, picks, language == "en"
            ? forWhom is null ? "Some gift ideas:" : $"Gift ideas for {forWhom}:"
            : forWhom is null ? "帮你挑了这些礼物：" : $"送{forWhom}的礼物，帮你挑了这些：");

    /// <summary>The one question the gift dialogue asks, for what is missing.</summary>
    public static string GiftQuestion(string language, bool needRecipient, bool needBudget) => (language, needRecipient, needBudget) switch
    {
        ("en", true, true) => "Who is it for, and roughly what budget?",
        ("en", true, false) => "Who is it for?",
        ("en", _, _) => "Roughly what budget?",
        (_, true, true) => "送给谁呢？预算大概多少？",
        (_, true, false) => "送给谁呢？",
        _ => "预算大概多少？",
    };

    public static string NoGiftPicks(string language) => language == "en"
        ? "I couldn't find a fitting gift. Try another budget, or tell me who it's for?"
        : "暂时没挑到合适的礼物，换个预算或者说说送给谁？";

    private static string PickList(string language, IReadOnlyList<(Product Product, string Reason)> picks, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading);
        for (var i = 0; i < picks.Count; i++)
        {
            var (p, reason) = picks[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {p.TitleFor(language)} — {Price(p.Price)}");
            if (p.BestGroupPrice is { } groupPrice)
            {
                text.Append(language == "en" ? $" (group buy {Price(groupPrice)})" : $"（拼团价 {Price(groupPrice)}）");
            }
            if (reason.Length > 0)
            {
                text.Append(" · ").Append(reason);
            }
            text.AppendLine();
        }
        text.Append(language == "en" ? "Reply with a number, e.g. \"the 2nd one\", to ask about it." : "回复序号（如“第2个”）可以继续问我。");
        return text.ToString();
    }
}
