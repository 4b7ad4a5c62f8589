namespace ChatCommerce.BotServer.Groups;

/// <summary>When the bot speaks in a group.</summary>
public enum ReplyMode
{
    /// <summary>Only when @-mentioned, replied to, or given a command ("/help").</summary>
    MentionOnly = 1,
    /// <summary>Also on confident shopping intents without a mention; chatter still gets nothing.</summary>
    Proactive = 2,
}

/// <summary>A local-time window ("22:00"–"08:00" in "Asia/Shanghai") without proactive posts.</summary>
public sealed class QuietHours
{
    /// <summary>"HH:mm", local time.</summary>
    public string Start { get; init; } = "";
    public string End { get; init; } = "";
    /// <summary>IANA id, e.g. "Asia/Shanghai".</summary>
    public string TimeZone { get; init; } = "";

    /// <summary>
    /// Whether <paramref name="now"/> falls in the window, read in its time zone; a window such
    /// as 22:00–08:00 runs over midnight; equal start and end mean never.
    /// </summary>
    public bool Contains(DateTimeOffset now)
    {
        var start = TimeOnly.ParseExact(Start, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var end = TimeOnly.ParseExact(End, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);
        return start < end ? local >= start && local < end
            : start > end && (local >= start || local < end);
    }
}

/// <summary>A group's own group-buy defaults; null fields fall back to the merchant's or product's.</summary>
public sealed class GroupBuyDefaults
{
    public int? TeamSize { get; init; }
    public TimeSpan? Window { get; init; }
    /// <summary>模拟成团: fill the last seats with labelled virtual members at expiry. Off unless asked for.</summary>
    public bool VirtualFill { get; init; }
    /// <summary>Units one user may buy per campaign; 0 for no limit.</summary>
    public int PerUserLimit { get; init; }

    public const int MinTeamSize = 2;
    public const int MaxTeamSize = 50;
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    /// <summary>Adds a violation per bad field, named under <paramref name="field"/>.</summary>
    public static void Check(GroupBuyDefaults? defaults, string field, Errors.Violations violations)
    {
        if (defaults is null)
        {
            return;
        }
        violations
            .When(defaults.TeamSize is < MinTeamSize or > MaxTeamSize, $"{field}.team_size", $"must be {MinTeamSize}..{MaxTeamSize}, or 0 for the default")
            .When(defaults.Window is { } w && (w < MinWindow || w > MaxWindow), $"{field}.window", "must be 1 minute .. 7 days, or unset for the default")
            .When(defaults.PerUserLimit < 0, $"{field}.per_user_limit", "must be 0 (no limit) or more");
    }
}

/// <summary>
/// How the bot behaves in one chat group of one merchant. A group nobody bound gets
/// <see cref="DefaultsFor"/>: mention-only, language from each message.
/// </summary>
public sealed class GroupSettings
{
    /// <summary>"merchant/platform/group": one document per group of a merchant.</summary>
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string GroupId { get; set; } = "";
    /// <summary>"zh", "en", or "" to answer in each message's language.</summary>
    public string Language { get; set; } = "";
    public ReplyMode ReplyMode { get; set; } = ReplyMode.MentionOnly;
    public string WelcomeText { get; set; } = "";
    public QuietHours? QuietHours { get; set; }
    public GroupBuyDefaults? GroupBuyDefaults { get; set; }
    public List<string> AdminUserIds { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
    /// <summary>False for defaults of a group that was never bound.</summary>
    public bool Bound { get; set; }

    /// <summary>Proactive unless quiet hours hold now: then the group is treated as mention-only.</summary>
    public ReplyMode ModeAt(DateTimeOffset now) =>
        ReplyMode == ReplyMode.Proactive && QuietHours?.Contains(now) == true ? ReplyMode.MentionOnly : ReplyMode;

    public static string KeyOf(string merchantId, string platform, string groupId) => $"{merchantId}/{platform}/{groupId}";

    public static GroupSettings DefaultsFor(string merchantId, string platform, string groupId) => new()
    {
        Id = KeyOf(merchantId, platform, groupId),
        MerchantId = merchantId,
        Platform = platform,
        GroupId = groupId,
    };
}

public interface IGroupSettingsStore
{
    GroupSettings? Find(string merchantId, string platform, string groupId);

    /// <summary>The merchant that bound this platform group, for callers (the admin key) that name none.</summary>
    string? FindBoundMerchant(string platform, string groupId);

    void Save(GroupSettings settings);
}
