using System.Globalization;
using System.Text;
using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>How group buys read in a chat: a 接龙-style roster, and the announcements.</summary>
public static class GroupBuyTexts
{
    /// <summary>
    /// The roster: numbered members (the leader first), empty seats, seats and time left, group
    /// price against the normal price, and how to join.
    /// </summary>
    public static string Roster(string language, GroupBuy team, DateTime now)
    {
        var en = language == "en";
        var text = new StringBuilder();
        text.Append(en ? $"[Group buy {team.Id}] {team.TitleFor("en")}" : $"【拼团 {team.Id}】{team.TitleFor("zh")}");
        if (team.VirtualFill)
        {
            text.Append(en ? " (virtual fill on)" : "（已开启模拟成团）");
        }
        text.AppendLine();
        var price = ReplyTexts.Price(team.FinalGroupPrice);
        var normal = ReplyTexts.Price(team.UnitPrice);
        var left = TimeLeft(language, team.ExpiresAt - now);
        text.AppendLine(en
            ? $"Group price {price} (normal {normal}) · team of {team.TeamSize} · {Seats(language, team.SeatsLeft)} · {left} left"
            : $"拼团价 {price}（原价 {normal}）· {team.TeamSize}人团 · {Seats(language, team.SeatsLeft)} · 剩余 {left}");
        if (team.PriceTiers.Count > 1)
        {
            text.AppendLine(string.Join(en ? " · " : " · ", team.PriceTiers.Select(t => en
                ? $"{t.MinTeamSize}+ people {ReplyTexts.Price(t.Price)}"
                : $"{t.MinTeamSize}人及以上 {ReplyTexts.Price(t.Price)}")));
        }
        for (var seat = 0; seat < team.TeamSize; seat++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{seat + 1}. ");
            if (seat < team.Members.Count)
            {
                var member = team.Members[seat];
                text.Append(member.DisplayName);
                if (seat == 0)
                {
                    text.Append(en ? " (leader)" : "（团长）");
                }
                if (member.IsVirtual)
                {
                    text.Append(en ? " (virtual)" : "（模拟）");
                }
                if (member.Quantity > 1)
                {
                    text.Append(CultureInfo.InvariantCulture, $" ×{member.Quantity}");
                }
            }
            else
            {
                text.Append("____");
            }
            text.AppendLine();
        }
        if (team.Status == GroupBuyStatus.Open)
        {
            text.Append(en ? "Reply \"+1\" or \"count me in\" to join." : "回复“+1”或“我也要”参团。");
        }
        return text.ToString().TrimEnd();
    }

    public static string Seats(string language, int seatsLeft) => language == "en"
        ? seatsLeft == 1 ? "1 seat left" : $"{seatsLeft} seats left"
        : $"还差 {seatsLeft} 人";

    public static string TimeLeft(string language, TimeSpan left)
    {
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }
        var days = (int)left.TotalDays;
        return (language, days) switch
        {
            ("en", > 0) => $"{days}d {left.Hours}h",
            ("en", _) => $"{left.Hours}h {left.Minutes}m",
            (_, > 0) => $"{days}天{left.Hours}小时",
            _ => $"{left.Hours}小时{left.Minutes}分",
        };
    }

    public static string Succeeded(string language, GroupBuy team)
    {
        var virtualSeats = team.Members.Count(m => m.IsVirtual);
        var names = string.Join(language == "en" ? ", " : "、", team.Members.Where(m => !m.IsVirtual).Select(m => "@" + m.DisplayName));
        var price = ReplyTexts.Price(team.FinalGroupPrice);
        return language == "en"
            ? $"🎉 Group buy {team.Id} succeeded: {team.TitleFor("en")} at {price} each! {names} — your orders are in; say \"my orders\" to see them."
              + (virtualSeats > 0 ? $" ({virtualSeats} seat(s) were filled by virtual fill.)" : "")
            : $"🎉 拼团成功！{team.Id} {team.TitleFor("zh")} 每件 {price}。{names} 订单已生成，发“我的订单”查看。"
              + (virtualSeats > 0 ? $"（其中 {virtualSeats} 个名额为模拟成团）" : "");
    }

    public static string Failed(string language, GroupBuy team) => language == "en"
        ? $"Group buy {team.Id} ({team.TitleFor("en")}) did not fill in time. Reservations are released and anything paid will be refunded."
        : $"拼团 {team.Id}（{team.TitleFor("zh")}）未能在时限内成团，已释放库存，已付款项将原路退回。";

    public static string Cancelled(string language, GroupBuy team) => (language, team.CancelReason.Length > 0) switch
    {
        ("en", true) => $"Group buy {team.Id} ({team.TitleFor("en")}) was cancelled: {team.CancelReason}. Reservations are released.",
        ("en", false) => $"Group buy {team.Id} ({team.TitleFor("en")}) was cancelled. Reservations are released.",
        (_, true) => $"拼团 {team.Id}（{team.TitleFor("zh")}）已取消：{team.CancelReason}。库存已释放。",
        _ => $"拼团 {team.Id}（{team.TitleFor("zh")}）已取消，库存已释放。",
    };

    public static string Reminder(string language, GroupBuy team, string reminder, DateTime now) => (reminder, language) switch
    {
        (Reminders.LastSeat, "en") => $"🔥 Group buy {team.Id} needs just one more person!",
        (Reminders.LastSeat, _) => $"🔥 拼团 {team.Id} 只差最后 1 人！",
        (_, "en") => $"⏰ Group buy {team.Id}: {TimeLeft(language, team.ExpiresAt - now)} left, {Seats(language, team.SeatsLeft)}!",
        _ => $"⏰ 拼团 {team.Id} 还剩 {TimeLeft(language, team.ExpiresAt - now)}，{Seats(language, team.SeatsLeft)}！",
    } + "\n" + Roster(language, team, now);

    public static string OrderLine(string language, Order order) =>
        language == "en"
            ? $"{order.OrderId} · {order.ProductTitleEn} ×{order.Quantity} · {ReplyTexts.Price(order.Total)} · {(order.Status == OrderStatus.Confirmed ? "confirmed" : "refund due")}"
            : $"{order.OrderId} · {order.ProductTitleZh} ×{order.Quantity} · {ReplyTexts.Price(order.Total)} · {(order.Status == OrderStatus.Confirmed ? "已成团" : "退款中")}";
}
