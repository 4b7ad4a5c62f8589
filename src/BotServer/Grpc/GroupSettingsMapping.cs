using ChatCommerce.BotServer.Groups;
using Google.Protobuf.WellKnownTypes;
using Contract = ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

public static class GroupSettingsMapping
{
    /// <summary>Platform names are compared lower case, as chat messages carry them.</summary>
    public static string Platform(string platform) => platform.Trim().ToLowerInvariant();

    public static GroupBinding ToDomain(Contract.BindGroupRequest r) => new(
        Platform(r.Platform),
        r.GroupId,
        r.Language,
        r.ReplyMode switch
        {
            Contract.ReplyMode.MentionOnly => ReplyMode.MentionOnly,
            Contract.ReplyMode.Proactive => ReplyMode.Proactive,
            _ => null,
        },
        r.WelcomeText,
        r.QuietHours is null ? null : new QuietHours { Start = r.QuietHours.Start, End = r.QuietHours.End, TimeZone = r.QuietHours.TimeZone },
        r.GroupBuyDefaults is null ? null : new GroupBuyDefaults
        {
            TeamSize = r.GroupBuyDefaults.TeamSize == 0 ? null : r.GroupBuyDefaults.TeamSize,
            Window = r.GroupBuyDefaults.Window is null ? null : r.GroupBuyDefaults.Window.ToTimeSpan(),
            VirtualFill = r.GroupBuyDefaults.VirtualFill,
            PerUserLimit = r.GroupBuyDefaults.PerUserLimit,
        },
        r.AdminUserIds.ToList());

    public static Contract.GroupSettings ToContract(GroupSettings s) => new()
    {
        MerchantId = s.MerchantId,
        Platform = s.Platform,
        GroupId = s.GroupId,
        Language = s.Language,
        ReplyMode = s.ReplyMode == ReplyMode.Proactive ? Contract.ReplyMode.Proactive : Contract.ReplyMode.MentionOnly,
        WelcomeText = s.WelcomeText,
        QuietHours = s.QuietHours is null ? null : new Contract.QuietHours { Start = s.QuietHours.Start, End = s.QuietHours.End, TimeZone = s.QuietHours.TimeZone },
        GroupBuyDefaults = s.GroupBuyDefaults is null ? null : new Contract.GroupBuyDefaults
        {
            TeamSize = s.GroupBuyDefaults.TeamSize ?? 0,
            Window = s.GroupBuyDefaults.Window is { } window ? Duration.FromTimeSpan(window) : null,
            VirtualFill = s.GroupBuyDefaults.VirtualFill,
            PerUserLimit = s.GroupBuyDefaults.PerUserLimit,
        },
        AdminUserIds = { s.AdminUserIds },
        Bound = s.Bound,
    };
}
