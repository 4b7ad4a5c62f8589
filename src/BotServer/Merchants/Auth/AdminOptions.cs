namespace ChatCommerce.BotServer.Merchants.Auth;

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The bootstrap admin key. Unset: generated at first start and saved in the data directory.</summary>
    public string? ApiKey { get; set; }
}
