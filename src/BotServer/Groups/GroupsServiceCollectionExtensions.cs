namespace ChatCommerce.BotServer.Groups;

public static class GroupsServiceCollectionExtensions
{
    /// <summary>Group bindings and per-group settings (reply mode, language, admins, defaults).</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services) =>
        services
            .AddSingleton<IGroupSettingsStore, LiteDbGroupSettingsStore>()
            .AddSingleton<GroupDirectory>();
}
