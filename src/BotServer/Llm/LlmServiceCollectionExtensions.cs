using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// The optional LLM path: when `Llm:Endpoint` is set, a fallback responder that lets an
    /// OpenAI-compatible model choose among the chat features for messages the offline parser is
    /// unsure of. Without an endpoint nothing is registered, so an off feature needs no settings.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)}"]))
        {
            return services;
        }
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => LlmOptions.IsHttpUrl(o.Endpoint), "Llm:Endpoint must be an absolute http or https URL")
            .ValidateOnStart();
        // The responder keeps one client for the life of the process: pooled connections are
        // recycled instead, and the per-turn timeout is the only one that applies.
        services.AddHttpClient(LlmOptions.SectionName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IFallbackResponder, LlmFallbackResponder>();
        return services;
    }
}
