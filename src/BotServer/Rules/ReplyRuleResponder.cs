using System.Collections.Concurrent;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Rules;

/// <summary>
/// Answers a message with the merchant's highest-priority matching rule for this group. A rule
/// that fired stays quiet in that group for its cooldown, so it never spams; in proactive groups
/// rules also answer messages that do not address the bot (the merchant chose those words).
/// </summary>
public sealed partial class ReplyRuleResponder(ReplyRuleBook book, IEnumerable<ITemplateValues> values, TimeProvider time, ILogger<ReplyRuleResponder> logger)
    : IOverrideResponder
{
    private const int MaxCooldowns = 100_000;
    private readonly ITemplateValues[] _values = values.ToArray();
    private readonly ConcurrentDictionary<(string Rule, string Platform, string Group), DateTimeOffset> _quietUntil = new();

    public ValueTask<IReadOnlyList<OutgoingReply>?> TryRespondAsync(Turn turn, bool addressed, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        var normalised = TextNormalizer.Normalize(message.Text);
        foreach (var (rule, trigger) in book.Active(message.MerchantId))
        {
            if (!rule.AppliesTo(message.Platform, message.GroupId) || !trigger.Matches(message.Text, normalised, turn.Intent.Intent))
            {
                continue;
            }
            if (!TryStartCooldown(rule, message.Platform, message.GroupId))
            {
                LogCoolingDown(logger, rule.RuleId, message.MerchantId, message.GroupId);
                continue;
            }
            var text = RuleTemplate.Render(TemplateFor(rule, turn.Language), name => Value(name, turn));
            return ValueTask.FromResult<IReadOnlyList<OutgoingReply>?>([OutgoingReply.Plain(text)]);
        }
        return ValueTask.FromResult<IReadOnlyList<OutgoingReply>?>(null);
    }

    private static string TemplateFor(ReplyRule rule, string language) =>
        rule.Templates.GetValueOrDefault(language) ?? rule.Templates.GetValueOrDefault("") ?? rule.Templates.Values.First();

    private string? Value(string name, Turn turn)
    {
        foreach (var source in _values)
        {
            if (source.Value(name, turn) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    // Atomic per rule and group: of two messages at once, only one fires the rule.
    private bool TryStartCooldown(ReplyRule rule, string platform, string groupId)
    {
        if (rule.Cooldown <= TimeSpan.Zero)
        {
            return true;
        }
        var now = time.GetUtcNow();
        var key = (rule.Id, platform, groupId);
        while (true)
        {
            if (_quietUntil.TryGetValue(key, out var until))
            {
                if (until > now)
                {
                    return false;
                }
                if (_quietUntil.TryUpdate(key, now + rule.Cooldown, until))
                {
                    return true;
                }
            }
            else if (_quietUntil.TryAdd(key, now + rule.Cooldown))
            {
                ForgetExpiredWhenFull(now);
                return true;
            }
        }
    }

    private void ForgetExpiredWhenFull(DateTimeOffset now)
    {
        if (_quietUntil.Count <= MaxCooldowns)
        {
            return;
        }
        foreach (var (key, until) in _quietUntil)
        {
            if (until <= now)
            {
                _quietUntil.TryRemove(key, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rule {RuleId} of {MerchantId} is cooling down in {GroupId}")]
    private static partial void LogCoolingDown(ILogger logger, string ruleId, string merchantId, string groupId);
}
