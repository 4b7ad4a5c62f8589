using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.GroupBuys;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

public sealed class GroupBuysService(GroupBuyManager groupBuys, GroupBuyWatchHandler watch, TenantAccess tenants) : Contracts.V1.GroupBuys.GroupBuysBase
{
    public override Task<StartGroupBuyResponse> StartGroupBuy(StartGroupBuyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var team = groupBuys.Start(merchantId, new GroupBuys.StartGroupBuy(
            request.RequestId,
            request.ProductId,
            GroupSettingsMapping.Platform(request.Platform),
            request.GroupId,
            request.Leader?.UserId ?? "",
            request.Leader?.DisplayName ?? "",
            request.TeamSize,
            request.Window?.ToTimeSpan(),
            request.Quantity,
            request.CampaignId,
            request.CampaignEndsAt?.ToDateTime()));
        return Task.FromResult(new StartGroupBuyResponse { GroupBuy = GroupBuyMapping.ToContract(team) });
    }

    public override Task<JoinGroupBuyResponse> JoinGroupBuy(JoinGroupBuyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var result = groupBuys.Join(merchantId, request.GroupBuyId, request.RequestId, request.User?.UserId ?? "", request.User?.DisplayName ?? "", request.Quantity);
        return Task.FromResult(new JoinGroupBuyResponse { Outcome = (Contracts.V1.JoinOutcome)(int)result.Outcome, GroupBuy = GroupBuyMapping.ToContract(result.GroupBuy) });
    }

    public override Task<LeaveGroupBuyResponse> LeaveGroupBuy(LeaveGroupBuyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var result = groupBuys.Leave(merchantId, request.GroupBuyId, request.RequestId, request.UserId);
        return Task.FromResult(new LeaveGroupBuyResponse { Outcome = (Contracts.V1.LeaveOutcome)(int)result.Outcome, GroupBuy = GroupBuyMapping.ToContract(result.GroupBuy) });
    }

    public override Task<Contracts.V1.GroupBuy> GetGroupBuy(GetGroupBuyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(GroupBuyMapping.ToContract(groupBuys.Get(merchantId, request.GroupBuyId)));
    }

    public override Task<ListGroupBuysResponse> ListGroupBuys(ListGroupBuysRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        if (!Enum.IsDefined(request.Status))
        {
            throw new InvalidRequestException("status", "is not a group-buy status");
        }
        var page = groupBuys.List(merchantId, GroupSettingsMapping.Platform(request.Platform), request.GroupId,
            GroupBuyMapping.ToDomain(request.Status), request.PageSize, request.PageToken);
        return Task.FromResult(new ListGroupBuysResponse { GroupBuys = { page.GroupBuys.Select(GroupBuyMapping.ToContract) }, NextPageToken = page.NextPageToken });
    }

    public override Task<Contracts.V1.GroupBuy> CancelGroupBuy(CancelGroupBuyRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(GroupBuyMapping.ToContract(groupBuys.Cancel(merchantId, request.GroupBuyId, request.RequestId, request.Reason)));
    }

    public override Task WatchGroupBuys(WatchGroupBuysRequest request, IServerStreamWriter<Contracts.V1.GroupBuyEvent> responseStream, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return watch.RunAsync(merchantId, request, responseStream, context.CancellationToken);
    }

    public override Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var page = groupBuys.Orders(merchantId, NullIfEmpty(request.UserId), NullIfEmpty(request.GroupBuyId), request.PageSize, request.PageToken);
        return Task.FromResult(new ListOrdersResponse { Orders = { page.Orders.Select(GroupBuyMapping.ToContract) }, NextPageToken = page.NextPageToken });
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
