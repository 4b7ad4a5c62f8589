using ChatCommerce.BotServer.Rules;
using Google.Protobuf.WellKnownTypes;
using Contract = ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

public static class ReplyRuleMapping
{
    public static ReplyRule ToDomain(Contract.ReplyRule r) => new()
    {
        RuleId = r.RuleId.Trim(),
        Name = r.Name.Trim(),
        // An unset kind maps to 0, which the rule book refuses by name.
        TriggerKind = (TriggerKind)(int)r.TriggerKind,
        Patterns = r.Patterns.ToList(),
        GroupScopes = r.GroupScopes.Select(s => s.Trim()).ToList(),
        Priority = r.Priority,
        Templates = r.Templates.ToDictionary(t => t.Key, t => t.Value),
        Enabled = r.Enabled,
        Cooldown = r.Cooldown?.ToTimeSpan() ?? TimeSpan.Zero,
    };

    public static Contract.ReplyRule ToContract(ReplyRule r) => new()
    {
        RuleId = r.RuleId,
        MerchantId = r.MerchantId,
        Name = r.Name,
        TriggerKind = (Contract.TriggerKind)(int)r.TriggerKind,
        Patterns = { r.Patterns },
        GroupScopes = { r.GroupScopes },
        Priority = r.Priority,
        Templates = { r.Templates },
        Enabled = r.Enabled,
        Cooldown = Duration.FromTimeSpan(r.Cooldown),
        UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)),
    };
}
