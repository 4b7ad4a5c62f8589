using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Conversation.Handlers;

/// <summary>
/// Shopping questions answered with a numbered list of at most five products, remembered per
/// group so later turns can say "第2个". A message addressed to the bot that the parser could not
/// place (`none`) is tried as a search too, and only then answered with "not understood".
/// </summary>
public sealed class ProductSearchHandler(CatalogManager catalog, ChatPicks picks, ProductInView inView) : IIntentHandler
{
    public IReadOnlyCollection<string> Intents { get; } =
        [IntentNames.SearchProducts, IntentNames.AskPrice, IntentNames.None];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (inView.Listed(turn) is { } listed)
        {
            var details = new OutgoingReply(Details(turn.Language, listed), [], [listed.ProductId]);
            return ValueTask.FromResult<IReadOnlyList<OutgoingReply>>([details]);
        }
        var budgetMax = turn.Intent.DecimalEntity("budget_max");
        var budgetMin = turn.Intent.DecimalEntity("budget_min");
        var text = WithoutEntityText(turn);
        var result = catalog.Search(new ProductQuery(turn.Message.MerchantId, text, budgetMin, budgetMax, InStockOnly: true, Limit: ChatPicks.ListSize), null);
        if (result.Hits.Count == 0 || (turn.Intent.Intent == IntentNames.None && string.IsNullOrWhiteSpace(text)))
        {
            var reply = turn.Intent.Intent == IntentNames.None
                ? ReplyTexts.NotUnderstood(turn.Language)
                : ReplyTexts.NothingFound(turn.Language, budgetMax);
            return ValueTask.FromResult<IReadOnlyList<OutgoingReply>>([OutgoingReply.Plain(reply)]);
        }
        var products = result.Hits.Select(h => h.Product).ToList();
        return ValueTask.FromResult(picks.Show(turn, products, ReplyTexts.ProductList(turn.Language, products, budgetMax)));
    }

    private static string Details(string language, Product p)
    {
        var group = p.BestGroupPrice is { } best
            ? language == "en" ? $", group buy from {ReplyTexts.Price(best)}" : $"，拼团最低 {ReplyTexts.Price(best)}"
            : "";
        var stock = p.Stock > 0
            ? language == "en" ? $"{p.Stock} in stock" : $"库存 {p.Stock}"
            : language == "en" ? "out of stock" : "暂时缺货";
        return language == "en"
            ? $"{p.TitleFor("en")} ({p.Brand}): {ReplyTexts.Price(p.Price)}{group}; {stock}."
            : $"{p.TitleFor("zh")}（{p.Brand}）：{ReplyTexts.Price(p.Price)}{group}；{stock}。";
    }

    // Budget words ("500元以内") are filters, not search terms.
    private static string WithoutEntityText(Turn turn)
    {
        var text = turn.Message.Text;
        foreach (var entity in turn.Intent.Entities.Where(e => e.Type.StartsWith("budget_", StringComparison.Ordinal)))
        {
            text = text.Replace(entity.Text, " ", StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }
}
