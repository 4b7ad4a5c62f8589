namespace ChatCommerce.BotServer.Merchants;

/// <summary>A tenant: owns a catalog, keys, reply rules, groups and group buys.</summary>
public sealed class Merchant
{
    public const string DemoId = "demo";

    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>"zh" or "en": the bot's language when a message gives no hint.</summary>
    public string DefaultLanguage { get; set; } = "zh";
    public Groups.GroupBuyDefaults? GroupBuyDefaults { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The request that created it, so a retried create answers the same merchant.</summary>
    public string CreateRequestId { get; set; } = "";
}

public interface IMerchantStore
{
    Merchant? Find(string merchantId);

    /// <summary>Creates the merchant; false if the id is taken.</summary>
    bool TryCreate(Merchant merchant);
}
