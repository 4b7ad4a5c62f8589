using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Rules;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Domain = ChatCommerce.BotServer.Merchants;

namespace ChatCommerce.BotServer.Grpc;

public sealed class MerchantsService(MerchantAccounts accounts, GroupDirectory groups, ReplyRuleBook rules, TenantAccess tenants) : Contracts.V1.Merchants.MerchantsBase
{
    public override Task<Contracts.V1.Merchant> CreateMerchant(CreateMerchantRequest request, ServerCallContext context)
    {
        var merchant = accounts.Create(context.Caller(), new NewMerchant(
            request.RequestId, request.MerchantId, request.DisplayName, request.DefaultLanguage,
            GroupSettingsMapping.ToDomain(request.GroupBuyDefaults)));
        return Task.FromResult(new Contracts.V1.Merchant
        {
            MerchantId = merchant.Id,
            DisplayName = merchant.DisplayName,
            DefaultLanguage = merchant.DefaultLanguage,
            GroupBuyDefaults = GroupSettingsMapping.ToContract(merchant.GroupBuyDefaults),
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(merchant.CreatedAt, DateTimeKind.Utc)),
        });
    }

    public override Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var merchantId = tenants.ResolveMerchant(caller, request.MerchantId);
        var created = accounts.CreateKey(caller, merchantId, ToDomain(request.Role), request.Description, request.RequestId);
        return Task.FromResult(new CreateApiKeyResponse
        {
            KeyId = created.Record.Id,
            ApiKey = created.Key,
            Role = request.Role,
            MerchantId = merchantId,
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(created.Record.CreatedAt, DateTimeKind.Utc)),
        });
    }

    public override Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var revoked = accounts.Revoke(merchantId, request.KeyId);
        return Task.FromResult(new RevokeApiKeyResponse { RevokedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(revoked.RevokedAt!.Value, DateTimeKind.Utc)) });
    }

    public override Task<Contracts.V1.ReplyRule> UpsertReplyRule(UpsertReplyRuleRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        if (request.Rule is null)
        {
            throw new Errors.InvalidRequestException("rule", "is required");
        }
        var saved = rules.Upsert(merchantId, ReplyRuleMapping.ToDomain(request.Rule), request.RequestId);
        return Task.FromResult(ReplyRuleMapping.ToContract(saved));
    }

    public override Task<ListReplyRulesResponse> ListReplyRules(ListReplyRulesRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var page = rules.List(merchantId, request.PageSize, request.PageToken);
        return Task.FromResult(new ListReplyRulesResponse { Rules = { page.Rules.Select(ReplyRuleMapping.ToContract) }, NextPageToken = page.NextPageToken });
    }

    public override Task<DeleteReplyRuleResponse> DeleteReplyRule(DeleteReplyRuleRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(new DeleteReplyRuleResponse { Rule = ReplyRuleMapping.ToContract(rules.Delete(merchantId, request.RuleId)) });
    }

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

    private static Domain.ApiKeyRole? ToDomain(Contracts.V1.ApiKeyRole role) => role switch
    {
        Contracts.V1.ApiKeyRole.Admin => Domain.ApiKeyRole.Admin,
        Contracts.V1.ApiKeyRole.Merchant => Domain.ApiKeyRole.Merchant,
        Contracts.V1.ApiKeyRole.Connector => Domain.ApiKeyRole.Connector,
        _ => null,
    };
}
