using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class GiftFitScorerTests
{
    private static readonly GiftPrior ForMother = new("mother", "", ["health", "beauty", "kitchen"], ["养生", "保暖", "gift"], "", "");

    [Fact]
    public void AProductFitsBestInThePriorsFirstCategoryAndNotAtAllOutsideItsCategoriesAndTags()
    {
        var scorer = new GiftFitScorer(ForMother);

        var first = scorer.Fit(Made(["health", "massage"]));
        var third = scorer.Fit(Made(["kitchen"]));
        var neither = scorer.Fit(Made(["gaming"], "电竞"));

        Assert.True(first > third && third > 0, $"first {first}, third {third}");
        Assert.Equal(0, neither);
    }

    [Fact]
    public void TagsMatchInAnyCaseAndATagTheProductRepeatsCountsOnce()
    {
        var scorer = new GiftFitScorer(ForMother);

        var once = scorer.Fit(Made(["gaming"], "gift"));
        var shouted = scorer.Fit(Made(["gaming"], "GIFT"));
        var repeated = scorer.Fit(Made(["gaming"], "gift", "Gift"));
        var twoTags = scorer.Fit(Made(["gaming"], "gift", "养生"));

        Assert.True(once > 0);
        Assert.Equal(once, shouted);
        Assert.Equal(once, repeated);
        Assert.True(twoTags > once, $"two tags {twoTags}, one {once}");
    }

    [Fact]
    public void AProductTaggedForSomeoneElseFitsLessUnlessTheRecipientSharesSuchGifts()
    {
        var plain = new GiftFitScorer(ForMother).Fit(Made(["beauty"]));
        var forGirlfriend = new GiftFitScorer(ForMother).Fit(Made(["beauty"], "送女友"));
        var forParents = new GiftFitScorer(ForMother).Fit(Made(["beauty"], "送女友", "FOR PARENTS"));
        var forWife = new GiftFitScorer(ForMother with { Recipient = "wife" }).Fit(Made(["beauty"], "送女友"));

        Assert.True(forGirlfriend < plain, $"送女友 for a mother {forGirlfriend}, untagged {plain}");
        Assert.Equal(plain, forParents);
        Assert.Equal(plain, forWife);
    }

    private static Product Made(List<string> categories, params string[] tags) => new()
    {
        MerchantId = "m",
        ProductId = "p",
        TitleZh = "商品",
        CategoryPath = categories,
        Tags = [.. tags],
    };
}
