using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Rules;

/// <summary>A rule with its trigger compiled.</summary>
public sealed record CompiledRule(ReplyRule Rule, RuleTrigger Trigger);

public sealed record ReplyRulePage(IReadOnlyList<ReplyRule> Rules, string NextPageToken);

/// <summary>
/// The merchants' reply rules: checked when saved (a bad regex or an unknown placeholder is
/// refused then, never at reply time), kept compiled per merchant and recompiled on every change,
/// so an edit applies to the very next message.
/// </summary>
public sealed partial class ReplyRuleBook(IReplyRuleStore store, TimeProvider time)
{
    public const int MaxPatterns = 50;
    public const int MaxKeywordLength = 200;
    public const int MaxRegexLength = 500;
    public const int MaxTemplateLength = 2000;
    public const int MaxScopes = 100;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, CompiledRule[]> _compiled = new(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RuleIdPattern();

    /// <summary>Creates or replaces a rule. A retried create (same request id, no rule id) answers the rule it made.</summary>
    public ReplyRule Upsert(string merchantId, ReplyRule rule, string requestId)
    {
        if (rule.RuleId.Length == 0 && requestId.Length > 0 && store.FindByRequest(merchantId, requestId) is { } earlier)
        {
            return earlier;
        }
        Check(rule);
        rule.MerchantId = merchantId;
        rule.Patterns = rule.Patterns.Select(p => p.Trim()).ToList();
        rule.UpdatedAt = time.GetStoredUtcNow();
        rule.CreateRequestId = store.Find(merchantId, rule.RuleId)?.CreateRequestId ?? requestId;
        var saved = store.Save(rule);
        _compiled.TryRemove(merchantId, out _);
        return saved;
    }

    public ReplyRule Get(string merchantId, string ruleId) =>
        store.Find(merchantId, ruleId) ?? throw new NotFoundException("reply rule", ruleId);

    public ReplyRule Delete(string merchantId, string ruleId)
    {
        var deleted = store.Delete(merchantId, ruleId) ?? throw new NotFoundException("reply rule", ruleId);
        _compiled.TryRemove(merchantId, out _);
        return deleted;
    }

    /// <summary>Highest priority first, then by rule id; the page token is an offset.</summary>
    public ReplyRulePage List(string merchantId, int pageSize, string? pageToken)
    {
        new Violations()
            .When(pageSize is < 0 or > MaxPageSize, "page_size", $"must be 0..{MaxPageSize}")
            .When(!string.IsNullOrEmpty(pageToken) && !int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out _), "page_token", "is not a token this server gave out")
            .ThrowIfAny();
        var size = pageSize == 0 ? DefaultPageSize : pageSize;
        var offset = string.IsNullOrEmpty(pageToken) ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
        var all = Ordered(store.ListAll(merchantId));
        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return new ReplyRulePage(page, next);
    }

    /// <summary>The merchant's enabled rules, compiled, highest priority first.</summary>
    public IReadOnlyList<CompiledRule> Active(string merchantId) =>
        _compiled.GetOrAdd(merchantId, id => Ordered(store.ListAll(id))
            .Where(r => r.Enabled)
            .Select(r => new CompiledRule(r, RuleTrigger.Compile(r.TriggerKind, r.Patterns)))
            .ToArray());

    private static List<ReplyRule> Ordered(IEnumerable<ReplyRule> rules) =>
        rules.OrderByDescending(r => r.Priority)
            .ThenBy(r => r.RuleId.Length)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToList();

    private static void Check(ReplyRule rule)
    {
        var violations = new Violations()
            .When(rule.RuleId.Length > 0 && !RuleIdPattern().IsMatch(rule.RuleId), "rule.rule_id", "must be empty (assigned) or 1..64 of A-Z a-z 0-9 _ -")
            .When(rule.Name.Length > 100, "rule.name", "must be at most 100 characters")
            .When(!Enum.IsDefined(rule.TriggerKind), "rule.trigger_kind", "must be KEYWORD_EXACT, KEYWORD_CONTAINS, REGEX or INTENT")
            .When(rule.GroupScopes.Count > MaxScopes, "rule.group_scopes", $"must hold at most {MaxScopes} groups")
            .When(rule.GroupScopes.Any(s => s.IndexOf('/') is <= 0 || s.EndsWith('/')), "rule.group_scopes", "each must be \"platform/group_id\"")
            .When(rule.Cooldown < TimeSpan.Zero || rule.Cooldown > MaxCooldown, "rule.cooldown", "must be 0 .. 7 days");
        CheckPatterns(rule, violations);
        CheckTemplates(rule, violations);
        violations.ThrowIfAny();
    }

    private static void CheckPatterns(ReplyRule rule, Violations violations)
    {
        var patterns = rule.Patterns;
        switch (rule.TriggerKind)
        {
            case TriggerKind.Regex:
                if (patterns.Count != 1 || patterns[0].Length is 0 or > MaxRegexLength)
                {
                    violations.Add("rule.patterns", $"a REGEX rule takes exactly one pattern of 1..{MaxRegexLength} characters");
                    return;
                }
                try
                {
                    RuleTrigger.Compile(TriggerKind.Regex, patterns);
                }
                catch (ArgumentException e)
                {
                    violations.Add("rule.patterns[0]", $"is not a valid .NET regular expression: {e.Message}");
                }
                break;
            case TriggerKind.Intent:
                violations.When(patterns.Count != 1 || !IntentNames.All.Contains(patterns[0].Trim()), "rule.patterns",
                    $"an INTENT rule takes exactly one intent name, one of: {string.Join(", ", IntentNames.All.Order())}");
                break;
            default:
                violations
                    .When(patterns.Count is 0 or > MaxPatterns, "rule.patterns", $"must hold 1..{MaxPatterns} keywords")
                    .When(patterns.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > MaxKeywordLength), "rule.patterns", $"each keyword must be 1..{MaxKeywordLength} characters");
                break;
        }
    }

    private static void CheckTemplates(ReplyRule rule, Violations violations)
    {
        violations.When(rule.Templates.Count == 0, "rule.templates", "must hold at least one reply (key \"zh\", \"en\" or \"\" for any language)");
        foreach (var (language, template) in rule.Templates)
        {
            var field = $"rule.templates[{language}]";
            violations
                .When(language is not ("" or "zh" or "en"), field, "the key must be \"zh\", \"en\" or \"\"")
                .When(string.IsNullOrWhiteSpace(template) || template.Length > MaxTemplateLength, field, $"must be 1..{MaxTemplateLength} characters");
            foreach (var problem in RuleTemplate.Problems(template))
            {
                violations.Add(field, problem);
            }
        }
    }
}
