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
        ToDomain(r.GroupBuyDefaults),
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
        GroupBuyDefaults = ToContract(s.GroupBuyDefaults),
        AdminUserIds = { s.AdminUserIds },
        Bound = s.Bound,
    };

    public static GroupBuyDefaults? ToDomain(Contract.GroupBuyDefaults? d) => d is null ? null : new GroupBuyDefaults
    {
        TeamSize = d.TeamSize == 0 ? null : d.TeamSize,
        Window = d.Window?.ToTimeSpan(),
        VirtualFill = d.VirtualFill,
        PerUserLimit = d.PerUserLimit,
    };

    public static Contract.GroupBuyDefaults? ToContract(GroupBuyDefaults? d) => d is null ? null : new Contract.GroupBuyDefaults
    {
        TeamSize = d.TeamSize ?? 0,
        Window = d.Window is { } window ? Duration.FromTimeSpan(window) : null,
        VirtualFill = d.VirtualFill,
        PerUserLimit = d.PerUserLimit,
    };
}
