using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Storage;

namespace ChatCommerce.BotServer.Merchants;

/// <summary>What a create asks for; fields as in the contract.</summary>
public sealed record NewMerchant(string RequestId, string MerchantId, string DisplayName, string DefaultLanguage, Groups.GroupBuyDefaults? GroupBuyDefaults);

/// <summary>A key just created: the only time its secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(string Key, ApiKeyRecord Record);

/// <summary>Tenants and their API keys. Who may do what is decided here, not in the gRPC layer.</summary>
public sealed partial class MerchantAccounts(IMerchantStore merchants, IApiKeyStore keys, TimeProvider time)
{
    public const int MaxRequestIdLength = 128;
    public const int MaxDisplayNameLength = 100;
    public const int MaxDescriptionLength = 200;

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex MerchantIdPattern();

    /// <summary>Creates a merchant (admin key only). A retry with the same request id gets the same merchant.</summary>
    public Merchant Create(Caller caller, NewMerchant request)
    {
        if (!caller.IsAdmin)
        {
            throw new TenantAccessDeniedException("Only the admin key can create merchants.");
        }
        var violations = new Violations()
            .When(!MerchantIdPattern().IsMatch(request.MerchantId), "merchant_id", "must be 1..64 characters of a-z, 0-9, '-' and '_'")
            .When(request.DisplayName.Length > MaxDisplayNameLength, "display_name", $"must be at most {MaxDisplayNameLength} characters")
            .When(request.DefaultLanguage is not ("" or "zh" or "en"), "default_language", "must be empty (zh), \"zh\" or \"en\"")
            .When(request.RequestId.Length > MaxRequestIdLength, "request_id", $"must be at most {MaxRequestIdLength} characters");
        Groups.GroupBuyDefaults.Check(request.GroupBuyDefaults, "group_buy_defaults", violations);
        violations.ThrowIfAny();

        var merchant = new Merchant
        {
            Id = request.MerchantId,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.MerchantId : request.DisplayName.Trim(),
            DefaultLanguage = request.DefaultLanguage.Length == 0 ? "zh" : request.DefaultLanguage,
            GroupBuyDefaults = request.GroupBuyDefaults,
            CreatedAt = time.GetStoredUtcNow(),
            CreateRequestId = request.RequestId,
        };
        if (merchants.TryCreate(merchant))
        {
            return merchant;
        }
        var existing = merchants.Find(request.MerchantId)!;
        return request.RequestId.Length > 0 && existing.CreateRequestId == request.RequestId
            ? existing
            : throw new AlreadyExistsException("merchant", request.MerchantId);
    }

    /// <summary>
    /// Admin keys may create any role; merchant keys create merchant and connector keys for their
    /// own merchant. A retried request id is refused (ALREADY_EXISTS names the key to revoke):
    /// the first secret cannot be shown again.
    /// </summary>
    public CreatedApiKey CreateKey(Caller caller, string merchantId, ApiKeyRole? role, string description, string requestId)
    {
        new Violations()
            .When(role is null, "role", "must be ADMIN, MERCHANT or CONNECTOR")
            .When(description.Length > MaxDescriptionLength, "description", $"must be at most {MaxDescriptionLength} characters")
            .When(requestId.Length > MaxRequestIdLength, "request_id", $"must be at most {MaxRequestIdLength} characters")
            .ThrowIfAny();
        if (role == ApiKeyRole.Admin && !caller.IsAdmin)
        {
            throw new TenantAccessDeniedException("Only the admin key can create admin keys.");
        }
        if (requestId.Length > 0 && keys.FindByRequest(merchantId, requestId) is { } earlier)
        {
            throw new AlreadyExistsException("api key", earlier.Id);
        }
        var (key, record) = ApiKeySecrets.Generate(merchantId, role!.Value, description.Trim(), time.GetStoredUtcNow());
        record.CreateRequestId = requestId;
        keys.Insert(record);
        return new CreatedApiKey(key, record);
    }

    /// <summary>Revokes a key of the merchant; it fails authentication from the next request on. Revoking twice keeps the first time.</summary>
    public ApiKeyRecord Revoke(string merchantId, string keyId)
    {
        new Violations().When(string.IsNullOrWhiteSpace(keyId), "key_id", "must not be empty").ThrowIfAny();
        var record = keys.Find(keyId);
        if (record is null || record.MerchantId != merchantId)
        {
            throw new NotFoundException("api key", keyId);
        }
        return keys.Revoke(keyId, time.GetStoredUtcNow());
    }
}
