using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.GroupBuys;

public static class GroupBuysServiceCollectionExtensions
{
    /// <summary>Group buys: store, manager, deadline clock, live events, chat commands and announcements.</summary>
    public static IServiceCollection AddGroupBuys(this IServiceCollection services)
    {
        services.AddOptions<GroupBuyOptions>().BindConfiguration(GroupBuyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IGroupBuyStore, LiteDbGroupBuyStore>();
        services.AddSingleton<GroupBuyEventHub>();
        services.AddSingleton<GroupBuyManager>();
        // The announcer subscribes first, so the clock's expiries at start are announced too.
        services.AddSingleton<GroupBuyAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupBuyAnnouncer>());
        services.AddSingleton<GroupBuyClock>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupBuyClock>());
        services.AddSingleton<PendingGroupBuyStarts>();
        services.AddSingleton<GroupBuyChat>();
        services.AddSingleton<IIntentHandler>(provider => provider.GetRequiredService<GroupBuyChat>());
        services.AddSingleton<IPendingDialogue>(provider => provider.GetRequiredService<GroupBuyChat>());
        return services;
    }
}
