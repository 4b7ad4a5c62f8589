using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>Merchants' reply rules and the in-chat admin commands that edit them.</summary>
    public static IServiceCollection AddReplyRules(this IServiceCollection services) =>
        services
            .AddSingleton<IReplyRuleStore, LiteDbReplyRuleStore>()
            .AddSingleton<ReplyRuleBook>()
            .AddSingleton<ITemplateValues, ChatTemplateValues>()
            // Commands first: "/rule add 运费 => …" must not be answered by a rule about 运费.
            .AddSingleton<IOverrideResponder, Groups.GroupAdminCommands>()
            .AddSingleton<IOverrideResponder, ReplyRuleResponder>();
}
