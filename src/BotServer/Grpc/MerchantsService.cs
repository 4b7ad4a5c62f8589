using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

// Merchant creation, API keys and reply rules answer UNIMPLEMENTED (the generated base
// behaviour) until the merchants feature lands; group bindings are here because addressing
// (reply modes) needs them.
public sealed class MerchantsService(GroupDirectory groups, TenantAccess tenants) : Contracts.V1.Merchants.MerchantsBase
{
    public override Task<Contracts.V1.GroupSettings> BindGroup(BindGroupRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var settings = groups.Bind(merchantId, GroupSettingsMapping.ToDomain(request));
        return Task.FromResult(GroupSettingsMapping.ToContract(settings));
    }

    public override Task<Contracts.V1.GroupSettings> GetGroupSettings(GetGroupSettingsRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var platform = GroupSettingsMapping.Platform(request.Platform);
        return Task.FromResult(GroupSettingsMapping.ToContract(groups.Get(merchantId, platform, request.GroupId)));
    }
}
