using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Rules;

namespace ChatCommerce.BotServer.Groups;

/// <summary>
/// Commands the admins of a bound group run in the chat itself: <c>/rules</c>,
/// <c>/rule add 运费|邮费 => 全场包邮</c>, <c>/rule off 3</c>, <c>/rule on 3</c>, <c>/rule del 3</c>,
/// <c>/mode proactive|mention</c>, <c>/groupbuy defaults size=3 hours=24 limit=2</c>. Rules made here
/// apply to this group only, and only such rules can be changed here. Anyone else gets a polite no.
/// </summary>
public sealed partial class GroupAdminCommands(ReplyRuleBook rules, GroupDirectory groups, Merchants.IMerchantStore merchants) : IOverrideResponder
{
    public static readonly TimeSpan ChatRuleCooldown = TimeSpan.FromMinutes(1);
    private const int MaxListed = 20;

    [GeneratedRegex(@"^\s*[/／]\s*(?<verb>rules|rule|mode|groupbuy)\b\s*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CommandPattern();

    [GeneratedRegex(@"^add\s+(?<keywords>.+?)\s*(=>|→|＝>)\s*(?<reply>.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RuleAddPattern();

    [GeneratedRegex(@"^(?<action>on|off|del|delete)\s+#?(?<id>[A-Za-z0-9_-]{1,64})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RuleSwitchPattern();

    [GeneratedRegex(@"(?<key>size|hours|minutes|limit)\s*=\s*(?<value>\d{1,6})", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultsPattern();

    public ValueTask<IReadOnlyList<OutgoingReply>?> TryRespondAsync(Turn turn, bool addressed, CancellationToken cancellationToken)
    {
        var match = CommandPattern().Match(turn.Message.Text);
        if (!match.Success)
        {
            return ValueTask.FromResult<IReadOnlyList<OutgoingReply>?>(null);
        }
        var en = LanguageOf(turn) == "en";
        var settings = turn.Settings;
        var text = !settings.Bound || !settings.AdminUserIds.Contains(turn.Message.UserId, StringComparer.Ordinal)
            ? (en ? "Sorry, only this group's admins can use that command." : "抱歉，只有本群管理员可以使用这个命令。")
            : Run(turn, match.Groups["verb"].Value.ToLowerInvariant(), match.Groups["rest"].Value.Trim(), en);
        return ValueTask.FromResult<IReadOnlyList<OutgoingReply>?>([new OutgoingReply(text, [turn.Message.UserId], [])]);
    }

    // "/mode proactive" is latin text but not English: answer in the group's language, else
    // Chinese when the command has Chinese in it, else the merchant's language.
    private string LanguageOf(Turn turn)
    {
        if (turn.Settings.Language.Length > 0)
        {
            return turn.Settings.Language;
        }
        if (Catalog.TextTokens.HasCjk(turn.Message.Text))
        {
            return "zh";
        }
        return merchants.Find(turn.Message.MerchantId)?.DefaultLanguage ?? "zh";
    }

    private string Run(Turn turn, string verb, string rest, bool en)
    {
        try
        {
            return verb switch
            {
                "rules" => ListRules(turn, en),
                "rule" => RuleCommand(turn, rest, en),
                "mode" => SetMode(turn, rest, en),
                _ => SetGroupBuyDefaults(turn, rest, en),
            };
        }
        catch (InvalidRequestException e)
        {
            var reasons = string.Join("; ", e.Violations.Select(v => v.Description));
            return en ? $"Not saved: {reasons}" : $"没有保存：{reasons}";
        }
        catch (NotFoundException)
        {
            return en ? "There is no such rule." : "没有这条规则。";
        }
    }

    private string ListRules(Turn turn, bool en)
    {
        var mine = rules.List(turn.Message.MerchantId, ReplyRuleBook.MaxPageSize, null).Rules
            .Where(r => r.AppliesTo(turn.Message.Platform, turn.Message.GroupId))
            .ToList();
        if (mine.Count == 0)
        {
            return en ? "No reply rules in this group yet. Add one: /rule add shipping => Free shipping on everything" : "本群还没有自动回复规则。添加：/rule add 运费 => 全场包邮";
        }
        var text = new StringBuilder(en ? "Reply rules here:" : "本群自动回复规则：");
        foreach (var rule in mine.Take(MaxListed))
        {
            var state = rule.Enabled ? (en ? "on" : "开") : (en ? "off" : "关");
            var reply = rule.Templates.GetValueOrDefault(en ? "en" : "zh") ?? rule.Templates.Values.First();
            text.Append(CultureInfo.InvariantCulture, $"\n#{rule.RuleId} [{state}] {string.Join(" | ", rule.Patterns)} => {Shorten(reply)}");
        }
        if (mine.Count > MaxListed)
        {
            text.Append(en ? $"\n… and {mine.Count - MaxListed} more" : $"\n……还有 {mine.Count - MaxListed} 条");
        }
        return text.ToString();
    }

    private string RuleCommand(Turn turn, string rest, bool en)
    {
        var message = turn.Message;
        if (RuleAddPattern().Match(rest) is { Success: true } add)
        {
            var keywords = add.Groups["keywords"].Value.Split(['|', '｜', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rule = rules.Upsert(message.MerchantId, new ReplyRule
            {
                Name = "chat: " + string.Join(" | ", keywords),
                TriggerKind = TriggerKind.KeywordContains,
                Patterns = keywords.ToList(),
                GroupScopes = [$"{message.Platform}/{message.GroupId}"],
                Templates = new Dictionary<string, string> { [""] = add.Groups["reply"].Value.Trim() },
                Enabled = true,
                Cooldown = ChatRuleCooldown,
            }, requestId: "");
            return en
                ? $"Rule #{rule.RuleId} saved: messages with \"{string.Join("\" or \"", keywords)}\" get that reply (at most once a minute here)."
                : $"已保存规则 #{rule.RuleId}：含“{string.Join("”或“", keywords)}”的消息将自动回复（本群每分钟最多一次）。";
        }
        if (RuleSwitchPattern().Match(rest) is { Success: true } change)
        {
            var id = change.Groups["id"].Value;
            var rule = rules.Get(message.MerchantId, id);
            if (rule.GroupScopes is not [var only] || only != $"{message.Platform}/{message.GroupId}")
            {
                return en ? $"Rule #{id} is not this group's own; change it in the merchant console." : $"规则 #{id} 不是本群专属规则，请在商家后台修改。";
            }
            switch (change.Groups["action"].Value.ToLowerInvariant())
            {
                case "on" or "off":
                    rule.Enabled = change.Groups["action"].Value.Equals("on", StringComparison.OrdinalIgnoreCase);
                    rules.Upsert(message.MerchantId, rule, requestId: "");
                    return rule.Enabled ? (en ? $"Rule #{id} is on." : $"规则 #{id} 已开启。") : (en ? $"Rule #{id} is off." : $"规则 #{id} 已关闭。");
                default:
                    rules.Delete(message.MerchantId, id);
                    return en ? $"Rule #{id} deleted." : $"规则 #{id} 已删除。";
            }
        }
        return en
            ? "Usage: /rules · /rule add <keyword|keyword> => <reply> · /rule on|off|del <id>"
            : "用法：/rules · /rule add 关键词|关键词 => 回复 · /rule on|off|del 编号";
    }

    private string SetMode(Turn turn, string rest, bool en)
    {
        ReplyMode? mode = rest.ToLowerInvariant() switch
        {
            "proactive" or "主动" or "主动模式" => ReplyMode.Proactive,
            "mention" or "mention_only" or "mention-only" or "提及" or "仅提及" or "被@" => ReplyMode.MentionOnly,
            _ => null,
        };
        if (mode is null)
        {
            return en ? "Usage: /mode proactive · /mode mention" : "用法：/mode proactive（主动回答购物问题）· /mode mention（只在被@时回答）";
        }
        Rebind(turn.Settings, s => s with { ReplyMode = mode });
        return mode == ReplyMode.Proactive
            ? (en ? "Proactive mode: I'll also answer clear shopping questions without an @-mention." : "已切换为主动模式：明确的购物问题不@我也会回答。")
            : (en ? "Mention-only mode: I'll answer only when @-mentioned." : "已切换为仅提及模式：只有@我时才回答。");
    }

    private string SetGroupBuyDefaults(Turn turn, string rest, bool en)
    {
        var values = DefaultsPattern().Matches(rest)
            .ToDictionary(m => m.Groups["key"].Value.ToLowerInvariant(), m => int.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        if (!rest.StartsWith("defaults", StringComparison.OrdinalIgnoreCase) || values.Count == 0)
        {
            return en ? "Usage: /groupbuy defaults size=3 hours=24 limit=2" : "用法：/groupbuy defaults size=3 hours=24 limit=2（成团人数、时限小时、每人限购）";
        }
        var current = turn.Settings.GroupBuyDefaults ?? new GroupBuyDefaults();
        TimeSpan? window = values.TryGetValue("hours", out var hours) ? TimeSpan.FromHours(hours)
            : values.TryGetValue("minutes", out var minutes) ? TimeSpan.FromMinutes(minutes)
            : current.Window;
        var defaults = new GroupBuyDefaults
        {
            TeamSize = values.TryGetValue("size", out var size) ? size : current.TeamSize,
            Window = window,
            VirtualFill = current.VirtualFill,
            PerUserLimit = values.TryGetValue("limit", out var limit) ? limit : current.PerUserLimit,
        };
        var saved = Rebind(turn.Settings, s => s with { GroupBuyDefaults = defaults }).GroupBuyDefaults!;
        var windowText = saved.Window is { } w ? (en ? $"{w.TotalHours:0.##} h" : $"{w.TotalHours:0.##} 小时") : (en ? "default" : "默认");
        var sizeText = saved.TeamSize?.ToString(CultureInfo.InvariantCulture) ?? (en ? "default" : "默认");
        var limitText = saved.PerUserLimit == 0 ? (en ? "none" : "不限") : saved.PerUserLimit.ToString(CultureInfo.InvariantCulture);
        return en
            ? $"Group-buy defaults here: team of {sizeText}, window {windowText}, per-user limit {limitText}."
            : $"本群拼团默认：{sizeText} 人成团，时限 {windowText}，每人限购 {limitText}。";
    }

    private GroupSettings Rebind(GroupSettings settings, Func<GroupBinding, GroupBinding> change) =>
        groups.Bind(settings.MerchantId, change(new GroupBinding(
            settings.Platform, settings.GroupId, settings.Language, settings.ReplyMode, settings.WelcomeText,
            settings.QuietHours, settings.GroupBuyDefaults, settings.AdminUserIds)));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";
}
