using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Domain = ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Grpc;

public sealed class RecommendationsService(Recommender recommender, GiftPriors giftPriors, TenantAccess tenants)
    : Contracts.V1.Recommendations.RecommendationsBase
{
    public override Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var (min, max) = MoneyMapping.ToRange(request.Budget);
        var picks = recommender.Recommend(new RecommendationRequest
        {
            MerchantId = merchantId,
            Platform = request.Platform,
            GroupId = request.GroupId,
            UserId = request.UserId,
            Query = request.Query,
            BudgetMin = min,
            BudgetMax = max,
            Recipient = request.Recipient.Trim(),
            Occasion = request.Occasion.Trim(),
            Limit = request.Limit,
            Language = request.Language.Trim(),
            ContextProductIds = request.ContextProductIds,
        });
        return Task.FromResult(new RecommendResponse
        {
            Items =
            {
                picks.Select(p => new RecommendedItem { Product = ProductMapping.ToContract(p.Product), Score = p.Score, Reason = p.Reason }),
            },
        });
    }

    public override Task<Contracts.V1.GiftPrior> UpsertGiftPrior(UpsertGiftPriorRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var prior = request.Prior ?? throw new InvalidRequestException("prior", "is required");
        var saved = giftPriors.Upsert(merchantId, new Domain.GiftPrior(
            prior.Recipient, prior.Occasion, prior.Categories.ToList(), prior.Tags.ToList(), prior.ReasonZh, prior.ReasonEn), request.RequestId);
        return Task.FromResult(ToContract(saved));
    }

    public override Task<ListGiftPriorsResponse> ListGiftPriors(ListGiftPriorsRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        return Task.FromResult(new ListGiftPriorsResponse { Priors = { giftPriors.List(merchantId, request.Recipient).Select(ToContract) } });
    }

    public override Task<DeleteGiftPriorResponse> DeleteGiftPrior(DeleteGiftPriorRequest request, ServerCallContext context)
    {
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId);
        var deleted = giftPriors.Delete(merchantId, request.Recipient, request.Occasion, request.RequestId);
        return Task.FromResult(new DeleteGiftPriorResponse { Prior = ToContract(deleted) });
    }

    private static Contracts.V1.GiftPrior ToContract(Domain.GiftPrior prior) => new()
    {
        Recipient = prior.Recipient,
        Occasion = prior.Occasion,
        Categories = { prior.Categories },
        Tags = { prior.Tags },
        ReasonZh = prior.ReasonZh,
        ReasonEn = prior.ReasonEn,
        BuiltIn = prior.BuiltIn,
        MerchantId = prior.MerchantId,
    };
}
