using ChatCommerce.BotServer.Catalog;

namespace ChatCommerce.BotServer.GroupBuys;

public enum GroupBuyStatus
{
    Open = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
}

public sealed class GroupBuyMember
{
    public string UserId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public int Quantity { get; set; } = 1;
    public DateTime JoinedAt { get; set; }
    /// <summary>A seat filled by virtual fill (模拟成团), not by a person.</summary>
    public bool IsVirtual { get; set; }
}

/// <summary>
/// A team (拼团): a product, a leader (the first member), seats, a deadline. Its invariants are
/// kept by the store's whole-step operations: never more members than seats, one seat per user,
/// stock reserved for every open member.
/// </summary>
public sealed class GroupBuy
{
    /// <summary>Storage key "merchant/GB-XXXXX".</summary>
    public string Key { get; set; } = "";
    /// <summary>"GB-7F3K2": short enough to type in a chat.</summary>
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string ProductTitleZh { get; set; } = "";
    public string ProductTitleEn { get; set; } = "";
    public string Platform { get; set; } = "";
    public string GroupId { get; set; } = "";
    /// <summary>"merchant/platform/group", indexed for the group's teams.</summary>
    public string GroupKey { get; set; } = "";
    public GroupBuyStatus Status { get; set; } = GroupBuyStatus.Open;
    public int TeamSize { get; set; }
    public List<GroupBuyMember> Members { get; set; } = [];
    public string Currency { get; set; } = "CNY";
    public decimal UnitPrice { get; set; }
    /// <summary>Group prices by team size, lowest size first; one flat tier when the product has a single group price.</summary>
    public List<GroupPriceTier> PriceTiers { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public bool VirtualFill { get; set; }
    public string CampaignId { get; set; } = "";
    /// <summary>Campaign for per-user limits: the campaign id, else the product.</summary>
    public string CampaignKey { get; set; } = "";
    /// <summary>Units one user may hold per campaign; 0 for no limit.</summary>
    public int PerUserLimit { get; set; }
    /// <summary>Reminders already announced ("1h", "last_seat"), so a restart does not repeat them.</summary>
    public List<string> RemindersSent { get; set; } = [];
    public string CancelReason { get; set; } = "";

    public static string KeyOf(string merchantId, string id) => $"{merchantId}/{id.ToUpperInvariant()}";

    public static string GroupKeyOf(string merchantId, string platform, string groupId) => $"{merchantId}/{platform}/{groupId}";

    public int SeatsLeft => Math.Max(0, TeamSize - Members.Count);

    public GroupBuyMember Leader => Members[0];

    public string TitleFor(string language) =>
        language == "en" && ProductTitleEn.Length > 0 ? ProductTitleEn : ProductTitleZh.Length > 0 ? ProductTitleZh : ProductTitleEn;

    /// <summary>The group price for a team of <paramref name="size"/>: the best tier it reaches (阶梯拼团), else the normal price.</summary>
    public decimal GroupPriceAt(int size)
    {
        var reached = PriceTiers.Where(t => t.MinTeamSize <= size).ToList();
        return reached.Count > 0 ? reached.Min(t => t.Price) : UnitPrice;
    }

    /// <summary>The price the team pays when it fills.</summary>
    public decimal FinalGroupPrice => GroupPriceAt(TeamSize);

    public GroupBuyMember? MemberOf(string userId) => Members.FirstOrDefault(m => m.UserId == userId && !m.IsVirtual);

    /// <summary>A copy sharing nothing mutable with this team (events keep the team as it was).</summary>
    public GroupBuy Copy()
    {
        var copy = (GroupBuy)MemberwiseClone();
        copy.Members = Members.Select(m => new GroupBuyMember
        {
            UserId = m.UserId, DisplayName = m.DisplayName, Quantity = m.Quantity, JoinedAt = m.JoinedAt, IsVirtual = m.IsVirtual,
        }).ToList();
        copy.PriceTiers = PriceTiers.Select(t => new GroupPriceTier { MinTeamSize = t.MinTeamSize, Price = t.Price }).ToList();
        copy.RemindersSent = [.. RemindersSent];
        return copy;
    }
}

public enum OrderStatus
{
    Confirmed = 1,
    RefundDue = 2,
}

/// <summary>One member's purchase from a team that filled.</summary>
public sealed class Order
{
    /// <summary>Storage key "merchant/ORD-…".</summary>
    public string Key { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string GroupBuyId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string ProductTitleZh { get; set; } = "";
    public string ProductTitleEn { get; set; } = "";
    public string UserId { get; set; } = "";
    public int Quantity { get; set; }
    public string Currency { get; set; } = "CNY";
    public decimal UnitPrice { get; set; }
    public decimal Total => UnitPrice * Quantity;
    public OrderStatus Status { get; set; } = OrderStatus.Confirmed;
    public DateTime CreatedAt { get; set; }
    public string Platform { get; set; } = "";
    public string GroupId { get; set; } = "";
}

public enum GroupBuyEventType
{
    Started = 1,
    MemberJoined = 2,
    MemberLeft = 3,
    Reminder = 4,
    Succeeded = 5,
    Failed = 6,
    Cancelled = 7,
}

/// <summary>One committed change of a team, with the team as it was after it. Sequence grows by one per event.</summary>
public sealed class GroupBuyEvent
{
    /// <summary>Storage key "merchant/00000000000000000042": id order is sequence order within a merchant.</summary>
    public string Key { get; set; } = "";
    public long Sequence { get; set; }
    public string MerchantId { get; set; } = "";
    public GroupBuyEventType Type { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>Where the change came from: "chat" (already answered in the group) or "api".</summary>
    public string Origin { get; set; } = "";
    /// <summary>For reminders: which one; for closes: the reason.</summary>
    public string Detail { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public GroupBuy GroupBuy { get; set; } = new();
}

public enum JoinOutcome
{
    Joined = 1,
    AlreadyJoined = 2,
    Full = 3,
    Closed = 4,
    OutOfStock = 5,
    LimitExceeded = 6,
}

public enum LeaveOutcome
{
    Left = 1,
    NotAMember = 2,
    AlreadyClosed = 3,
}
