using System.ComponentModel;
using System.Globalization;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Recommendations;
using Microsoft.SemanticKernel;

namespace ChatCommerce.BotServer.Llm;

/// <summary>
/// The chat features the model may choose from, bound to one turn. The merchant, group and user
/// come from the authenticated message, never from the model: no function takes a merchant id,
/// and arguments the model adds are ignored. Each function is one call into a feature and posts
/// that feature's own reply (catalog lists through <see cref="ChatPicks"/>, so "第2个" works
/// afterwards); the model is shown the same text. One answer per turn: later calls are told so.
/// </summary>
/// <remarks>Parameter names are what the model sees, so they follow the contract's entity names (budget_max).</remarks>
public sealed class ShoppingPlugin(Turn turn, CatalogManager catalog, Recommender recommender, GiftDialogue gifts, ChatPicks picks, GroupBuys.GroupBuyChat groupBuys)
{
    public const string Name = "shop";

    private const string AlreadyAnswered = "The chat already shows the answer from an earlier call. Do not call more functions; reply now.";

    /// <summary>The replies of the one feature the model chose, or null before it chose.</summary>
    public IReadOnlyList<OutgoingReply>? Replies { get; private set; }

    /// <summary>The function that produced <see cref="Replies"/>.</summary>
    public string? ChosenFunction { get; private set; }

    private string Language => turn.Language;

    [KernelFunction("search_products")]
    [Description("Searches the shop's catalog for products matching keywords, optionally within a budget, and shows the user a numbered list.")]
    public string SearchProducts(
        [Description("What to look for, in the user's words, e.g. \"降噪耳机\" or \"running shoes\".")] string query,
        [Description("The highest price the user wants to pay, in yuan.")] decimal? budget_max = null,
        [Description("The lowest price, in yuan, when the user gives one.")] decimal? budget_min = null) =>
        Post("search_products", () =>
        {
            var (min, max) = Budget(budget_min, budget_max);
            var found = catalog.Search(new ProductQuery(turn.Message.MerchantId, query ?? "", min, max, InStockOnly: true, Limit: ChatPicks.ListSize), null);
            var products = found.Hits.Select(h => h.Product).ToList();
            return products.Count == 0
                ? [OutgoingReply.Plain(ReplyTexts.NothingFound(Language, max))]
                : picks.Show(turn, products, ReplyTexts.ProductList(Language, products, max));
        });

    [KernelFunction("recommend")]
    [Description("Recommends products for the user (ranked picks with a reason each), optionally for a kind of product and a budget.")]
    public string Recommend(
        [Description("The kind of product wanted, in the user's words; empty for popular picks.")] string query = "",
        [Description("The highest price the user wants to pay, in yuan.")] decimal? budget_max = null,
        [Description("The lowest price, in yuan, when the user gives one.")] decimal? budget_min = null) =>
        Post("recommend", () =>
        {
            var (min, max) = Budget(budget_min, budget_max);
            var found = recommender.Recommend(ChatPicks.RequestFor(turn) with { Query = query ?? "", BudgetMin = min, BudgetMax = max });
            return found.Count == 0
                ? [OutgoingReply.Plain(ReplyTexts.NothingFound(Language, max))]
                : picks.Show(turn, found, ReplyTexts.Picks(Language, ChatPicks.Lines(found), max));
        });

    [KernelFunction("gift_picks")]
    [Description("Picks gifts (挑礼物) for someone. Asks the user for the recipient or the budget when they are missing.")]
    public string GiftPicks(
        [Description("Who the gift is for, one of: mother, father, wife, husband, girlfriend, boyfriend, child, friend, colleague, teacher, elder, self.")] string recipient = "",
        [Description("The occasion, one of: birthday, anniversary, wedding, new_year, spring_festival, valentines, mid_autumn, mothers_day, fathers_day, christmas, graduation, housewarming.")] string occasion = "",
        [Description("The highest price the user wants to pay, in yuan.")] decimal? budget_max = null,
        [Description("The lowest price, in yuan, when the user gives one.")] decimal? budget_min = null) =>
        Post("gift_picks", () =>
        {
            // The gift dialogue reads what was said from the turn's entities; the model's arguments
            // become those entities (unknown recipients and occasions are dropped there).
            var (min, max) = Budget(budget_min, budget_max);
            var entities = new List<EntityMatch>();
            Add("recipient", recipient?.Trim().ToLowerInvariant());
            Add("occasion", occasion?.Trim().ToLowerInvariant());
            Add("budget_min", min?.ToString(CultureInfo.InvariantCulture));
            Add("budget_max", max?.ToString(CultureInfo.InvariantCulture));
            return gifts.Handle(turn with { Intent = new IntentResult(IntentNames.Gift, 1, Language, entities) });

            void Add(string type, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    entities.Add(new EntityMatch(type, value, value, -1, -1));
                }
            }
        });

    // The group-buy functions become the chat's own group-buy answers: the model's arguments turn
    // into the entities the offline parser would have found.

    [KernelFunction("start_group_buy")]
    [Description("Starts a group buy (拼团 / 开团) for a product so friends in the group can join at the group price.")]
    public string StartGroupBuy(
        [Description("The product: its number in the last list shown, or its name.")] string product = "",
        [Description("How many people the team needs, when the user says.")] int? team_size = null) =>
        Post("start_group_buy", () =>
        {
            var entities = new List<EntityMatch>();
            var named = (product ?? "").Trim().TrimStart('#', '第');
            if (int.TryParse(named.TrimEnd('个', '号'), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                entities.Add(Entity("ordinal", ordinal.ToString(CultureInfo.InvariantCulture)));
            }
            else if (named.Length > 0
                && catalog.Search(new ProductQuery(turn.Message.MerchantId, named, InStockOnly: true, Limit: 1), null).Hits is [var hit, ..])
            {
                entities.Add(Entity("product", hit.Product.ProductId));
            }
            if (team_size is >= 2 and <= 50)
            {
                entities.Add(Entity("team_size", team_size.Value.ToString(CultureInfo.InvariantCulture)));
            }
            return groupBuys.Handle(turn with { Intent = new IntentResult(IntentNames.StartGroupBuy, 1, Language, entities) });
        });

    [KernelFunction("join_group_buy")]
    [Description("Joins an open group buy in this group (参团 / 上车 / +1).")]
    public string JoinGroupBuy(
        [Description("The group buy's id (like GB-7F3K2), when the user names one.")] string group_buy_id = "") =>
        Post("join_group_buy", () => groupBuys.Handle(turn with { Intent = GroupBuyIntent(IntentNames.JoinGroupBuy, group_buy_id) }));

    [KernelFunction("group_buy_status")]
    [Description("Tells how an open group buy stands: members so far, seats left (还差几个), time left.")]
    public string GroupBuyStatus(
        [Description("The group buy's id (like GB-7F3K2), when the user names one.")] string group_buy_id = "") =>
        Post("group_buy_status", () => groupBuys.Handle(turn with { Intent = GroupBuyIntent(IntentNames.GroupBuyStatus, group_buy_id) }));

    private IntentResult GroupBuyIntent(string intent, string? groupBuyId) =>
        new(intent, 1, Language, string.IsNullOrWhiteSpace(groupBuyId) ? [] : [Entity("group_buy_id", groupBuyId.Trim().ToUpperInvariant())]);

    private static EntityMatch Entity(string type, string value) => new(type, value, value, -1, -1);

    private string Post(string function, Func<IReadOnlyList<OutgoingReply>> answer)
    {
        if (Replies is not null)
        {
            return AlreadyAnswered;
        }
        Replies = answer();
        ChosenFunction = function;
        return string.Join("\n", Replies.Select(r => r.Text));
    }

    // A model may send a negative or reversed budget; the features reject those, the chat must not.
    private static (decimal? Min, decimal? Max) Budget(decimal? min, decimal? max)
    {
        min = min >= 0 ? min : null;
        max = max >= 0 ? max : null;
        return min > max ? (max, min) : (min, max);
    }
}
