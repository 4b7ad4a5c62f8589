using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Merchants.Auth;

/// <summary>
/// Decides which merchant a request acts for. Merchant and connector keys imply their merchant
/// (naming another is PERMISSION_DENIED); the admin key must name one.
/// </summary>
public sealed class TenantAccess(IMerchantStore merchants)
{
    public string ResolveMerchant(Caller caller, string? requested, string field = "merchant_id", string? adminDefault = null)
    {
        requested = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        string merchantId;
        if (caller.IsAdmin)
        {
            merchantId = requested ?? adminDefault
                ?? throw new InvalidRequestException(field, "required when calling with the admin key");
        }
        else
        {
            if (requested is not null && !string.Equals(requested, caller.MerchantId, StringComparison.Ordinal))
            {
                throw new TenantAccessDeniedException($"This API key belongs to another merchant than '{requested}'.");
            }
            merchantId = caller.MerchantId!;
        }
        if (merchants.Find(merchantId) is null)
        {
            throw new NotFoundException("merchant", merchantId);
        }
        return merchantId;
    }
}
