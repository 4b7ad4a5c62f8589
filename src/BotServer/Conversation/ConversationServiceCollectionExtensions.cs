using ChatCommerce.BotServer.Conversation.Handlers;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Intents.Classification;

namespace ChatCommerce.BotServer.Conversation;

public static class ConversationServiceCollectionExtensions
{
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => IntentModel.Default);
        services.AddSingleton<IIntentParser, OfflineIntentParser>();
        services.AddSingleton<GroupContextStore>();
        services.AddSingleton<GroupNotifier>();
        services.AddSingleton<ProductInView>();
        services.AddSingleton<ReplyBudget>();
        services.AddSingleton<ConversationEngine>();
        services.AddSingleton<IIntentHandler, HelpHandler>();
        services.AddSingleton<IIntentHandler, SmallTalkHandler>();
        services.AddSingleton<IIntentHandler, ProductSearchHandler>();
        return services;
    }
}

public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>The merchant that serves groups not bound to any merchant.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string DefaultMerchant { get; set; } = Merchants.Merchant.DemoId;

    /// <summary>How often the server sends heartbeats on Relay streams.</summary>
    public TimeSpan RelayHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// In PROACTIVE groups, how sure the parser must be of a shopping intent to answer a message
    /// that does not address the bot. docs/UNDERSTANDING.md measures false triggers at this value.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.5, 1.0)]
    public double ProactiveConfidence { get; set; } = 0.8;

    /// <summary>Replies the bot may post per group per minute (bursts up to this many); 0 for no limit.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 100_000)]
    public int GroupRepliesPerMinute { get; set; } = 30;
}
