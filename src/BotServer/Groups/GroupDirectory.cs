using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Groups;

/// <summary>What a merchant asks for when it binds a group; fields as in the contract.</summary>
public sealed record GroupBinding(
    string Platform,
    string GroupId,
    string Language,
    ReplyMode? ReplyMode,
    string WelcomeText,
    QuietHours? QuietHours,
    GroupBuyDefaults? GroupBuyDefaults,
    IReadOnlyList<string> AdminUserIds);

/// <summary>
/// The groups merchants have bound and how the bot behaves in each. Reads go to the store on
/// every message so a change applies to the very next one.
/// </summary>
public sealed class GroupDirectory(IGroupSettingsStore store, TimeProvider time)
{
    public const int MaxWelcomeLength = 1000;
    public const int MaxAdmins = 100;

    public GroupSettings Get(string merchantId, string platform, string groupId) =>
        store.Find(merchantId, platform, groupId) ?? GroupSettings.DefaultsFor(merchantId, platform, groupId);

    /// <summary>The welcome post for a new member of a bound group, or null when the group has none.</summary>
    public string? WelcomeFor(string merchantId, string platform, string groupId, string memberName) =>
        store.Find(merchantId, platform, groupId) is { WelcomeText.Length: > 0 } settings
            ? settings.WelcomeText.Replace("{member}", memberName, StringComparison.Ordinal)
            : null;

    public string? BoundMerchantOf(string platform, string groupId) => store.FindBoundMerchant(platform, groupId);

    public GroupSettings Bind(string merchantId, GroupBinding binding)
    {
        Check(binding);
        var settings = new GroupSettings
        {
            Id = GroupSettings.KeyOf(merchantId, binding.Platform, binding.GroupId),
            MerchantId = merchantId,
            Platform = binding.Platform,
            GroupId = binding.GroupId,
            Language = binding.Language,
            ReplyMode = binding.ReplyMode ?? ReplyMode.MentionOnly,
            WelcomeText = binding.WelcomeText,
            QuietHours = binding.QuietHours,
            GroupBuyDefaults = binding.GroupBuyDefaults,
            AdminUserIds = binding.AdminUserIds.Distinct(StringComparer.Ordinal).ToList(),
            UpdatedAt = time.GetUtcNow().UtcDateTime,
            Bound = true,
        };
        store.Save(settings);
        return settings;
    }

    private static void Check(GroupBinding b)
    {
        var violations = new Violations()
            .When(string.IsNullOrWhiteSpace(b.Platform), "platform", "must not be empty")
            .When(b.Platform.Length > 32, "platform", "must be at most 32 characters")
            .When(string.IsNullOrWhiteSpace(b.GroupId), "group_id", "must not be empty")
            .When(b.GroupId.Length > MessageRules.MaxIdLength, "group_id", $"must be at most {MessageRules.MaxIdLength} characters")
            .When(b.Language is not ("" or "zh" or "en"), "language", "must be empty, \"zh\" or \"en\"")
            .When(b.WelcomeText.Length > MaxWelcomeLength, "welcome_text", $"must be at most {MaxWelcomeLength} characters")
            .When(System.Text.RegularExpressions.Regex.Replace(b.WelcomeText, @"\{member\}", "").IndexOfAny(['{', '}']) >= 0, "welcome_text",
                "the only placeholder is {member}")
            .When(b.AdminUserIds.Count > MaxAdmins, "admin_user_ids", $"must hold at most {MaxAdmins} ids")
            .When(b.AdminUserIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > MessageRules.MaxIdLength), "admin_user_ids",
                $"each id must be 1..{MessageRules.MaxIdLength} characters");
        if (b.QuietHours is { } quiet)
        {
            violations
                .When(!IsClockTime(quiet.Start), "quiet_hours.start", "must be a time \"HH:mm\"")
                .When(!IsClockTime(quiet.End), "quiet_hours.end", "must be a time \"HH:mm\"")
                .When(!KnownTimeZone(quiet.TimeZone), "quiet_hours.time_zone", $"'{quiet.TimeZone}' is not a known IANA time zone");
        }
        GroupBuyDefaults.Check(b.GroupBuyDefaults, "group_buy_defaults", violations);
        violations.ThrowIfAny();
    }

    private static bool IsClockTime(string text) =>
        TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private static bool KnownTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
