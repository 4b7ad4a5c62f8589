using System.Security.Cryptography;
using System.Text;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>"开个3人团" said before the bot knew which product: the sizes asked for, until "第2个" answers.</summary>
public sealed record StartAsk(int TeamSize, int Quantity);

public sealed class PendingGroupBuyStarts(TimeProvider time) : PendingQuestions<StartAsk>(time);

/// <summary>
/// Group buys in the conversation: "拼第2个" / "start a group buy for the 2nd one" / "开个3人团"
/// start one from the last list (asking "哪一个？" when it is not clear); "+1" / "我也要" / "count me
/// in" join the group's newest open team (or the one named by id) — also without an @-mention
/// while a team is open, since the roster asks for exactly that; "退出拼团" leaves; "拼团进度" /
/// "status" shows the open teams; "我的订单" / "my orders" lists the sender's orders. Every change
/// made here is answered with the roster; the announcer posts the outcomes.
/// </summary>
public sealed class GroupBuyChat(GroupBuyManager groupBuys, ProductInView inView, PendingGroupBuyStarts pending, TimeProvider time)
    : IIntentHandler, IPendingDialogue
{
    /// <summary>How sure the parser must be that an unaddressed "+1" is a join while a team is open.</summary>
    public const double UnaddressedJoinConfidence = 0.6;
    private const int MaxTeamsShown = 3;
    private const int MaxOrdersShown = 10;

    public IReadOnlyCollection<string> Intents { get; } =
        [IntentNames.StartGroupBuy, IntentNames.JoinGroupBuy, IntentNames.LeaveGroupBuy, IntentNames.GroupBuyStatus, IntentNames.MyOrders];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(Handle(turn));

    /// <summary>Answers a group-buy intent (also for the LLM path, which builds the turn's entities from its arguments).</summary>
    public IReadOnlyList<OutgoingReply> Handle(Turn turn) =>
        turn.Intent.Intent switch
        {
            IntentNames.StartGroupBuy => Start(turn, product: inView.Named(turn) ?? inView.Listed(turn), Sizes(turn)),
            IntentNames.JoinGroupBuy => Join(turn),
            IntentNames.LeaveGroupBuy => Leave(turn),
            IntentNames.GroupBuyStatus => Status(turn),
            _ => MyOrders(turn),
        };

    /// <summary>An answer to "哪一个？", or a join while the group has an open team (no mention needed).</summary>
    public bool Answers(Turn turn) =>
        (pending.Find(turn) is not null && (turn.Intent.Entity("ordinal") is not null || turn.Intent.Entity("product") is not null))
        || ((turn.Intent.Intent == IntentNames.JoinGroupBuy && turn.Intent.Confidence >= UnaddressedJoinConfidence) || IsShortJoin(turn.Message.Text))
            && groupBuys.OpenInGroup(turn.Message.MerchantId, turn.Message.Platform, turn.Message.GroupId).Count > 0;

    // What people write under a 接龙 roster to take a seat. Out of context "我也要" or "me too" is
    // chatter; under an open team's roster it is a join — the one place a rule beats the model.
    private static readonly HashSet<string> ShortJoins = new(StringComparer.Ordinal)
    {
        "+1", "＋1", "1", "+", "加1", "加一", "我也要", "我也来", "我要", "我也拼", "我拼", "算我一个", "算我", "加我", "加我一个", "带我一个", "参团", "我参团",
        "跟", "跟一个", "我跟", "拼", "me too", "me", "im in", "i'm in", "count me in", "in", "join", "add me", "i want one too", "me too please",
    };

    public static bool IsShortJoin(string text)
    {
        var folded = TextNormalizer.Normalize(text).Trim().TrimEnd('!', '！', '~', '～', '.', '。', ' ');
        return folded.Length <= 20 && ShortJoins.Contains(folded);
    }

    public ValueTask<IReadOnlyList<OutgoingReply>> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (pending.Find(turn) is { } asked && (inView.Named(turn) ?? inView.Listed(turn)) is { } product)
        {
            pending.Forget(turn);
            return ValueTask.FromResult(Start(turn, product, asked));
        }
        return ValueTask.FromResult(Join(turn));
    }

    private static StartAsk Sizes(Turn turn) => new(
        int.TryParse(turn.Intent.Entity("team_size"), out var size) ? size : 0,
        int.TryParse(turn.Intent.Entity("quantity"), out var quantity) ? quantity : 0);

    private IReadOnlyList<OutgoingReply> Start(Turn turn, Catalog.Product? product, StartAsk ask)
    {
        var en = turn.Language == "en";
        if (product is null)
        {
            if (turn.Group.LastList.Count == 0)
            {
                return Say(en
                    ? "Which product? Ask me first, e.g. \"recommend earbuds\", then say \"group buy the 2nd one\"."
                    : "想拼哪个商品？先让我推荐，比如“推荐耳机”，再说“拼第2个”。");
            }
            pending.Remember(turn, ask);
            return Say(en ? "Which one? Reply with its number, e.g. \"the 2nd one\"." : "拼哪一个？回复序号，比如“第2个”。");
        }
        var message = turn.Message;
        return Attempt(turn, () =>
        {
            var team = groupBuys.Start(message.MerchantId, new StartGroupBuy(
                RequestId(message), product.ProductId, message.Platform, message.GroupId, message.UserId, message.DisplayName,
                ask.TeamSize, Quantity: ask.Quantity, Origin: Origins.Chat));
            var opened = en ? $"{message.DisplayName} started a group buy!" : $"{message.DisplayName} 发起了拼团！";
            return [new OutgoingReply(opened + "\n" + GroupBuyTexts.Roster(turn.Language, team, Now), [], [team.ProductId])];
        });
    }

    private IReadOnlyList<OutgoingReply> Join(Turn turn)
    {
        var en = turn.Language == "en";
        var message = turn.Message;
        var target = turn.Intent.Entity("group_buy_id")
            ?? groupBuys.OpenInGroup(message.MerchantId, message.Platform, message.GroupId).FirstOrDefault()?.Id;
        if (target is null)
        {
            return Say(en
                ? "There's no open group buy here right now. Start one: \"group buy the 2nd one\"."
                : "本群现在没有进行中的拼团。想开团可以说“拼第2个”。");
        }
        var quantity = int.TryParse(turn.Intent.Entity("quantity"), out var q) ? q : 0;
        return Attempt(turn, () =>
        {
            var result = groupBuys.Join(message.MerchantId, target, RequestId(message), message.UserId, message.DisplayName, quantity, Origins.Chat);
            var team = result.GroupBuy;
            var name = message.DisplayName;
            var text = (result.Outcome, en) switch
            {
                (JoinOutcome.Joined, _) when team.Status == GroupBuyStatus.Succeeded =>
                    en ? $"{name} joined — the team is full!" : $"{name} 参团成功，已成团！",
                (JoinOutcome.Joined, true) => $"{name} joined!\n" + GroupBuyTexts.Roster("en", team, Now),
                (JoinOutcome.Joined, false) => $"{name} 参团成功！\n" + GroupBuyTexts.Roster("zh", team, Now),
                (JoinOutcome.AlreadyJoined, true) => $"{name}, you're already in {team.Id}.",
                (JoinOutcome.AlreadyJoined, false) => $"{name} 已经在拼团 {team.Id} 里啦。",
                (JoinOutcome.Full, true) => $"Sorry {name}, {team.Id} is full. Start a new one: \"group buy the 1st one\".",
                (JoinOutcome.Full, false) => $"抱歉 {name}，{team.Id} 已满员。可以再开一个团。",
                (JoinOutcome.Closed, true) => $"Sorry {name}, {team.Id} is closed.",
                (JoinOutcome.Closed, false) => $"抱歉 {name}，{team.Id} 已结束。",
                (JoinOutcome.OutOfStock, true) => $"Sorry {name}, {team.TitleFor("en")} is out of stock.",
                (JoinOutcome.OutOfStock, false) => $"抱歉 {name}，{team.TitleFor("zh")} 库存不足。",
                (_, true) => $"Sorry {name}, that's over the per-person limit of {team.PerUserLimit}.",
                _ => $"抱歉 {name}，超过每人限购 {team.PerUserLimit} 件。",
            };
            return [new OutgoingReply(text, [message.UserId], [team.ProductId])];
        });
    }

    private IReadOnlyList<OutgoingReply> Leave(Turn turn)
    {
        var en = turn.Language == "en";
        var message = turn.Message;
        var target = turn.Intent.Entity("group_buy_id")
            ?? groupBuys.OpenInGroup(message.MerchantId, message.Platform, message.GroupId).FirstOrDefault(t => t.MemberOf(message.UserId) is not null)?.Id;
        if (target is null)
        {
            return Say(en ? "You're not in any open group buy here." : "你目前没有参加本群进行中的拼团。");
        }
        return Attempt(turn, () =>
        {
            var result = groupBuys.Leave(message.MerchantId, target, RequestId(message), message.UserId, Origins.Chat);
            var team = result.GroupBuy;
            var text = (result.Outcome, team.Status, en) switch
            {
                (LeaveOutcome.Left, GroupBuyStatus.Cancelled, true) => $"You left {team.Id}; nobody is left, so it's cancelled.",
                (LeaveOutcome.Left, GroupBuyStatus.Cancelled, false) => $"已退出 {team.Id}，团里没人了，拼团已取消。",
                (LeaveOutcome.Left, _, true) => $"You left {team.Id}; your reservation is released.\n" + GroupBuyTexts.Roster("en", team, Now),
                (LeaveOutcome.Left, _, false) => $"已退出 {team.Id}，预留已释放。\n" + GroupBuyTexts.Roster("zh", team, Now),
                (LeaveOutcome.NotAMember, _, true) => $"You're not in {team.Id}.",
                (LeaveOutcome.NotAMember, _, false) => $"你不在拼团 {team.Id} 里。",
                (_, _, true) => $"{team.Id} is closed already.",
                _ => $"{team.Id} 已经结束了。",
            };
            return [new OutgoingReply(text, [message.UserId], [team.ProductId])];
        });
    }

    private IReadOnlyList<OutgoingReply> Status(Turn turn)
    {
        var message = turn.Message;
        var open = groupBuys.OpenInGroup(message.MerchantId, message.Platform, message.GroupId);
        if (turn.Intent.Entity("group_buy_id") is { } id)
        {
            return Attempt(turn, () => [Roster(turn, groupBuys.Get(message.MerchantId, id))]);
        }
        if (open.Count == 0)
        {
            return Say(turn.Language == "en" ? "No open group buys here. Start one: \"group buy the 2nd one\"." : "本群暂时没有进行中的拼团。想开团可以说“拼第2个”。");
        }
        return open.Take(MaxTeamsShown).Select(team => Roster(turn, team)).ToList();
    }

    private IReadOnlyList<OutgoingReply> MyOrders(Turn turn)
    {
        var en = turn.Language == "en";
        var message = turn.Message;
        var orders = groupBuys.Orders(message.MerchantId, message.UserId, null, MaxOrdersShown, null).Orders;
        var waiting = groupBuys.OpenInGroup(message.MerchantId, message.Platform, message.GroupId).Where(t => t.MemberOf(message.UserId) is not null).ToList();
        if (orders.Count == 0 && waiting.Count == 0)
        {
            return Say(en ? $"{message.DisplayName}, you have no orders yet." : $"{message.DisplayName}，你还没有订单。");
        }
        var text = new StringBuilder(en ? $"{message.DisplayName}'s orders:" : $"{message.DisplayName} 的订单：");
        foreach (var order in orders)
        {
            text.Append('\n').Append(GroupBuyTexts.OrderLine(turn.Language, order));
        }
        foreach (var team in waiting)
        {
            text.Append('\n').Append(en
                ? $"{team.Id} · {team.TitleFor("en")} · waiting for {GroupBuyTexts.Seats("en", team.SeatsLeft)}"
                : $"{team.Id} · {team.TitleFor("zh")} · 拼团中，{GroupBuyTexts.Seats("zh", team.SeatsLeft)}");
        }
        return [new OutgoingReply(text.ToString(), [message.UserId], [])];
    }

    private OutgoingReply Roster(Turn turn, GroupBuy team) => new(GroupBuyTexts.Roster(turn.Language, team, Now), [], [team.ProductId]);

    /// <summary>Turns the refusals a chat user can cause into plain answers.</summary>
    private static IReadOnlyList<OutgoingReply> Attempt(Turn turn, Func<IReadOnlyList<OutgoingReply>> step)
    {
        var en = turn.Language == "en";
        try
        {
            return step();
        }
        catch (BusinessRuleException e)
        {
            return Say(e.Reason switch
            {
                "OUT_OF_STOCK" => en ? "Sorry, that's out of stock." : "抱歉，库存不足，开不了团。",
                "NO_GROUP_PRICE" => en ? "Sorry, that product has no group price." : "抱歉，这款商品暂不支持拼团。",
                "LIMIT_EXCEEDED" => en ? "Sorry, that's over the per-person limit." : "抱歉，超过每人限购数量了。",
                "PRODUCT_INACTIVE" => en ? "Sorry, that product is not on sale." : "抱歉，这款商品已下架。",
                _ => en ? "Sorry, that can't be done right now." : "抱歉，现在办不了。",
            });
        }
        catch (InvalidRequestException e)
        {
            var reason = string.Join("; ", e.Violations.Select(v => v.Description));
            return Say(en ? $"Sorry: {reason}." : $"抱歉：{reason}。");
        }
        catch (NotFoundException)
        {
            return Say(en ? "I can't find that group buy." : "没找到这个拼团。");
        }
    }

    private static IReadOnlyList<OutgoingReply> Say(string text) => [OutgoingReply.Plain(text)];

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // A connector that re-sends a message after a reconnect gets the same step, not a second one.
    private static string RequestId(IncomingMessage message) =>
        "chat-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{message.Platform}\n{message.GroupId}\n{message.MessageId}")))[..32];
}
