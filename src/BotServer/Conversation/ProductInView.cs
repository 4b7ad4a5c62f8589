using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// Which product a message is about: one it names from the catalog, one it points at in the
/// group's last list ("第2个", "#2"), or — when asked for — the first of that list.
/// </summary>
public sealed class ProductInView(CatalogManager catalog)
{
    /// <summary>"第2个多少钱": the product at that place in the group's last list, if it still exists.</summary>
    public Product? Listed(Turn turn)
    {
        if (!int.TryParse(turn.Intent.Entity("ordinal"), out var ordinal))
        {
            return null;
        }
        var list = turn.Group.LastList;
        return ordinal >= 1 && ordinal <= list.Count ? Find(turn, list[ordinal - 1]) : null;
    }

    /// <summary>A catalog product the message names (a `product` entity).</summary>
    public Product? Named(Turn turn) => turn.Intent.Entity("product") is { } id ? Find(turn, id) : null;

    /// <summary>Named, else listed, else the first of the last list.</summary>
    public Product? Current(Turn turn) =>
        Named(turn) ?? Listed(turn) ?? (turn.Group.LastList is [var first, ..] ? Find(turn, first) : null);

    private Product? Find(Turn turn, string productId)
    {
        try
        {
            return catalog.Get(turn.Message.MerchantId, productId);
        }
        catch (Errors.NotFoundException)
        {
            return null;
        }
    }
}
