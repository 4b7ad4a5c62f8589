using System.ComponentModel.DataAnnotations;

namespace ChatCommerce.BotServer.GroupBuys;

public sealed class GroupBuyOptions
{
    public const string SectionName = "GroupBuys";

    /// <summary>Team size when neither the request, the group, the merchant nor the product's tiers say.</summary>
    [Range(2, 50)]
    public int DefaultTeamSize { get; set; } = 3;

    /// <summary>How long a team stays open when neither the request, the group nor the merchant say.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Time left at which the group is reminded once ("还剩1小时"); 0 for no such reminder.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Remind the group once when a team has one seat left.</summary>
    public bool RemindAtLastSeat { get; set; } = true;

    /// <summary>How often WatchGroupBuys sends a heartbeat on an idle stream.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WatchHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
