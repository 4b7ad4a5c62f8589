namespace ChatCommerce.BotServer.Intents;

/// <summary>The contract's intent names.</summary>
public static class IntentNames
{
    public const string SearchProducts = "search_products";
    public const string AskPrice = "ask_price";
    public const string Recommend = "recommend";
    public const string Gift = "gift";
    public const string StartGroupBuy = "start_group_buy";
    public const string JoinGroupBuy = "join_group_buy";
    public const string LeaveGroupBuy = "leave_group_buy";
    public const string GroupBuyStatus = "group_buy_status";
    public const string MyOrders = "my_orders";
    public const string Help = "help";
    public const string Greet = "greet";
    public const string Thanks = "thanks";
    public const string None = "none";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SearchProducts, AskPrice, Recommend, Gift, StartGroupBuy, JoinGroupBuy, LeaveGroupBuy, GroupBuyStatus, MyOrders, Help, Greet, Thanks, None,
    };
}

/// <summary>One thing a text names: type, normalised value, and where it stands in the text.</summary>
public sealed record EntityMatch(string Type, string Value, string Text, int Start, int End);

public sealed record IntentResult(string Intent, double Confidence, string Language, IReadOnlyList<EntityMatch> Entities)
{
    public static IntentResult None(string language) => new(IntentNames.None, 0, language, []);

    public string? Entity(string type) => Entities.FirstOrDefault(e => e.Type == type)?.Value;

    public decimal? DecimalEntity(string type) =>
        decimal.TryParse(Entity(type), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>What the parser may know besides the text.</summary>
public sealed record ParseContext(string MerchantId, string? Language = null, string? Platform = null, string? GroupId = null);

/// <summary>Turns a chat text into an intent with entities. Replaceable: later parsers plug in here.</summary>
public interface IIntentParser
{
    IntentResult Parse(string text, ParseContext context);
}
