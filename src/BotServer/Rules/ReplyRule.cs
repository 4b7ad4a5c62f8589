namespace ChatCommerce.BotServer.Rules;

public enum TriggerKind
{
    /// <summary>The whole message equals a keyword (after normalisation).</summary>
    KeywordExact = 1,
    /// <summary>The message contains a keyword (latin keywords as whole words).</summary>
    KeywordContains = 2,
    /// <summary>A .NET regular expression, evaluated with a timeout.</summary>
    Regex = 3,
    /// <summary>The parser found this intent.</summary>
    Intent = 4,
}

/// <summary>A merchant's own answer to some messages: its trigger, where it applies, and what it says.</summary>
public sealed class ReplyRule
{
    /// <summary>"merchant/rule id".</summary>
    public string Id { get; set; } = "";
    public string RuleId { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string Name { get; set; } = "";
    public TriggerKind TriggerKind { get; set; }
    public List<string> Patterns { get; set; } = [];
    /// <summary>"platform/group_id" entries; empty for every group.</summary>
    public List<string> GroupScopes { get; set; } = [];
    public int Priority { get; set; }
    /// <summary>Reply templates by language: "zh", "en", or "" for any.</summary>
    public Dictionary<string, string> Templates { get; set; } = [];
    public bool Enabled { get; set; }
    public TimeSpan Cooldown { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The request that created it, so a retried create answers the same rule.</summary>
    public string CreateRequestId { get; set; } = "";

    public static string KeyOf(string merchantId, string ruleId) => $"{merchantId}/{ruleId}";

    public bool AppliesTo(string platform, string groupId) =>
        GroupScopes.Count == 0 || GroupScopes.Contains($"{platform}/{groupId}", StringComparer.Ordinal);
}

public interface IReplyRuleStore
{
    IReadOnlyList<ReplyRule> ListAll(string merchantId);

    ReplyRule? Find(string merchantId, string ruleId);

    ReplyRule? FindByRequest(string merchantId, string requestId);

    /// <summary>Saves the rule; an empty rule id gets the merchant's next number ("1", "2", ...), assigned atomically.</summary>
    ReplyRule Save(ReplyRule rule);

    ReplyRule? Delete(string merchantId, string ruleId);
}
