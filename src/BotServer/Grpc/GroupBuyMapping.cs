using ChatCommerce.BotServer.GroupBuys;
using Google.Protobuf.WellKnownTypes;
using Contract = ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

public static class GroupBuyMapping
{
    public static Contract.GroupBuy ToContract(GroupBuy g) => new()
    {
        Id = g.Id,
        MerchantId = g.MerchantId,
        ProductId = g.ProductId,
        Platform = g.Platform,
        GroupId = g.GroupId,
        Status = (Contract.GroupBuyStatus)(int)g.Status,
        TeamSize = g.TeamSize,
        Members =
        {
            g.Members.Select((m, i) => new Contract.GroupBuyMember
            {
                UserId = m.UserId,
                DisplayName = m.DisplayName,
                Quantity = m.Quantity,
                JoinedAt = Time(m.JoinedAt),
                IsLeader = i == 0,
                IsVirtual = m.IsVirtual,
            }),
        },
        UnitPrice = MoneyMapping.ToMoney(g.UnitPrice, g.Currency),
        // At least the first tier's price: what the team pays once it reaches that size.
        GroupPrice = MoneyMapping.ToMoney(g.GroupPriceAt(Math.Max(g.Members.Count, g.PriceTiers.Count > 0 ? g.PriceTiers.Min(t => t.MinTeamSize) : 0)), g.Currency),
        PriceTiers = { g.PriceTiers.Select(t => new Contract.PriceTier { MinTeamSize = t.MinTeamSize, Price = MoneyMapping.ToMoney(t.Price, g.Currency) }) },
        CreatedAt = Time(g.CreatedAt),
        ExpiresAt = Time(g.ExpiresAt),
        ClosedAt = g.ClosedAt is { } closed ? Time(closed) : null,
        SeatsLeft = g.SeatsLeft,
        VirtualFill = g.VirtualFill,
        ProductTitle = g.TitleFor("zh"),
        CampaignId = g.CampaignId,
    };

    public static Contract.Order ToContract(Order o) => new()
    {
        OrderId = o.OrderId,
        MerchantId = o.MerchantId,
        GroupBuyId = o.GroupBuyId,
        ProductId = o.ProductId,
        UserId = o.UserId,
        Quantity = o.Quantity,
        UnitPrice = MoneyMapping.ToMoney(o.UnitPrice, o.Currency),
        Total = MoneyMapping.ToMoney(o.Total, o.Currency),
        Status = (Contract.OrderStatus)(int)o.Status,
        CreatedAt = Time(o.CreatedAt),
        Platform = o.Platform,
        GroupId = o.GroupId,
        ProductTitle = o.ProductTitleZh.Length > 0 ? o.ProductTitleZh : o.ProductTitleEn,
    };

    public static Contract.GroupBuyEvent ToContract(GroupBuyEvent e) => new()
    {
        Sequence = (ulong)e.Sequence,
        Type = (Contract.GroupBuyEventType)(int)e.Type,
        GroupBuy = ToContract(e.GroupBuy),
        UserId = e.UserId,
        OccurredAt = Time(e.OccurredAt),
    };

    public static GroupBuyStatus? ToDomain(Contract.GroupBuyStatus status) =>
        status == Contract.GroupBuyStatus.Unspecified ? null : (GroupBuyStatus)(int)status;

    private static Timestamp Time(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
