using ChatCommerce.BotServer.Conversation;

namespace ChatCommerce.BotServer.Recommendations;

public static class RecommendationsServiceCollectionExtensions
{
    /// <summary>
    /// Picks and gift picking: group signals and merchant gift priors on LiteDB, the built-in
    /// priors file, the recommender, and the chat handlers for `recommend` and `gift`.
    /// </summary>
    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddSingleton<LiteDbGroupSignalStore>();
        services.AddSingleton<IGroupSignals>(sp => sp.GetRequiredService<LiteDbGroupSignalStore>());
        services.AddSingleton<IGroupSignalReader>(sp => sp.GetRequiredService<LiteDbGroupSignalStore>());
        services.AddSingleton<IGiftPriorStore, LiteDbGiftPriorStore>();
        services.AddSingleton<BuiltInGiftPriors>();
        services.AddSingleton<GiftPriors>();
        services.AddSingleton<Recommender>();
        services.AddSingleton<PendingGiftQuestions>();
        services.AddSingleton<ChatPicks>();
        services.AddSingleton<GiftDialogue>();
        services.AddSingleton<IPendingDialogue>(sp => sp.GetRequiredService<GiftDialogue>());
        services.AddSingleton<IIntentHandler, RecommendHandler>();
        services.AddSingleton<IIntentHandler, GiftHandler>();
        services.AddHostedService<RecommendationsWarmUp>();
        return services;
    }
}

/// <summary>
/// Before traffic: reads and checks the built-in gift priors (a bad file stops the start) and
/// opens the stores, which warm up the LiteDB mapper for their types and ensure their indexes.
/// </summary>
public sealed class RecommendationsWarmUp : IHostedService
{
    // Resolving these (as constructor arguments) does the work.
    public RecommendationsWarmUp(BuiltInGiftPriors builtIn, IGroupSignals signals, IGiftPriorStore priors)
    {
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
