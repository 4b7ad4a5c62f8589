using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Merchants;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>
/// Posts group-buy events in their group through the connectors' Relay streams: outcomes
/// (success, failure, cancellation) @-mention the members; reminders and changes made outside the
/// chat (through the API) post the roster. Changes made in the chat were answered there already.
/// During a group's quiet hours only outcomes are posted — they concern people's orders.
/// </summary>
public sealed partial class GroupBuyAnnouncer(
    GroupBuyEventHub hub,
    GroupNotifier notifier,
    GroupDirectory groups,
    GroupContextStore contexts,
    IMerchantStore merchants,
    TimeProvider time,
    ILogger<GroupBuyAnnouncer> logger) : BackgroundService
{
    private GroupBuyEventHub.Reader? _reader;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the server takes requests, so no event of this process is missed.
        _reader = hub.Subscribe(merchantId: null);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _reader!.Events.ReadAllAsync(stoppingToken))
            {
                if (Announcement(e) is { } notification && !notifier.Publish(notification))
                {
                    LogNoConnector(logger, e.GroupBuy.Id, e.GroupBuy.Platform, e.GroupBuy.GroupId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public GroupNotification? Announcement(GroupBuyEvent e)
    {
        var team = e.GroupBuy;
        var settings = groups.Get(team.MerchantId, team.Platform, team.GroupId);
        var now = time.GetUtcNow().UtcDateTime;
        var quiet = settings.QuietHours?.Contains(time.GetUtcNow()) == true;
        var language = LanguageOf(settings, team);
        var members = team.Members.Where(m => !m.IsVirtual).Select(m => m.UserId).ToList();
        (string Text, IReadOnlyList<string> Mentions, string Kind)? post = e.Type switch
        {
            GroupBuyEventType.Succeeded => (GroupBuyTexts.Succeeded(language, team), members, "group_buy.succeeded"),
            GroupBuyEventType.Failed => (GroupBuyTexts.Failed(language, team), members, "group_buy.failed"),
            GroupBuyEventType.Cancelled when team.CancelReason != "last member left" => (GroupBuyTexts.Cancelled(language, team), members, "group_buy.cancelled"),
            // A last-seat reminder caused by a join in the chat would repeat the roster just posted there.
            GroupBuyEventType.Reminder when !quiet && !(e.Detail == Reminders.LastSeat && e.Origin == Origins.Chat) => (GroupBuyTexts.Reminder(language, team, e.Detail, now), [], "group_buy.reminder"),
            GroupBuyEventType.Started or GroupBuyEventType.MemberJoined or GroupBuyEventType.MemberLeft when e.Origin != Origins.Chat && !quiet && team.Status == GroupBuyStatus.Open =>
                (GroupBuyTexts.Roster(language, team, now), [], e.Type switch
                {
                    GroupBuyEventType.Started => "group_buy.started",
                    GroupBuyEventType.MemberJoined => "group_buy.joined",
                    _ => "group_buy.left",
                }),
            _ => null,
        };
        return post is { } p
            ? new GroupNotification(team.MerchantId, team.Platform, team.GroupId, new OutgoingReply(p.Text, p.Mentions, [team.ProductId]), p.Kind)
            : null;
    }

    private string LanguageOf(GroupSettings settings, GroupBuy team) =>
        settings.Language.Length > 0 ? settings.Language
        : contexts.For(team.MerchantId, team.Platform, team.GroupId).LastLanguage
          ?? merchants.Find(team.MerchantId)?.DefaultLanguage ?? "zh";

    public override void Dispose()
    {
        _reader?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No connector serves {Platform}/{GroupId}; group buy {GroupBuyId} was not announced there")]
    private static partial void LogNoConnector(ILogger logger, string groupBuyId, string platform, string groupId);
}
