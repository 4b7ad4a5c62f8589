using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Rules;

/// <summary>Supplies some of <see cref="RuleTemplate.Placeholders"/> for one message; null for names it does not know or cannot fill.</summary>
public interface ITemplateValues
{
    string? Value(string placeholder, Turn turn);
}

/// <summary>{sender}, {merchant.name} and the {product.*} values of the product in view.</summary>
public sealed class ChatTemplateValues(Merchants.IMerchantStore merchants, ProductInView inView) : ITemplateValues
{
    public string? Value(string placeholder, Turn turn) => placeholder switch
    {
        "sender" => turn.Message.DisplayName,
        "merchant.name" => merchants.Find(turn.Message.MerchantId)?.DisplayName,
        "product.id" => inView.Current(turn)?.ProductId,
        "product.title" => inView.Current(turn)?.TitleFor(turn.Language),
        "product.price" => inView.Current(turn) is { } p ? ReplyTexts.Price(p.Price) : null,
        "product.group_price" => inView.Current(turn)?.BestGroupPrice is { } best ? ReplyTexts.Price(best) : null,
        _ => null,
    };
}
