using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class GiftPriorsTests : IDisposable
{
    private readonly RecommendationsHarness _harness = new(demoCatalog: false);

    public void Dispose() => _harness.Dispose();

    private GiftPriors Priors => _harness.GiftPriors;

    [Fact]
    public void TheBuiltInPriorsCoverEveryRecipientWithAndWithoutAnOccasionInTheDemoCatalogsTerms()
    {
        var builtIn = _harness.Get<BuiltInGiftPriors>().All;
        var demo = Demo.DemoSeeder.LoadCatalog(Demo.DemoSeeder.CatalogPath);
        var categories = demo.Select(p => p.Category).ToHashSet();
        var tags = demo.SelectMany(p => p.Tags).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(GiftVocabulary.Recipients, recipient =>
        {
            Assert.Contains(builtIn, p => p.Recipient == recipient && p.Occasion == "");
            Assert.Contains(builtIn, p => p.Recipient == recipient && p.Occasion != "");
        });
        Assert.All(builtIn, prior =>
        {
            Assert.All(prior.Categories, c => Assert.Contains(c, categories));
            Assert.All(prior.Tags, t => Assert.Contains(t, tags));
            Assert.NotEmpty(prior.ReasonZh);
            Assert.NotEmpty(prior.ReasonEn);
            Assert.True(demo.Count(p => Recommender.GiftFit(p, prior) > 0) >= 10, $"{prior.Recipient}/{prior.Occasion} suits too few demo products");
        });
    }

    [Fact]
    public void ABuiltInPriorsFileThatBreaksTheRulesStopsTheStartNamingTheEntry()
    {
        var path = Path.Combine(_harness.Directory, "bad-priors.json");
        File.WriteAllText(path, """{ "priors": [ { "recipient": "mother", "categories": ["beauty"] }, { "recipient": "grandma", "categories": [] } ] }""");

        var error = Assert.Throws<InvalidDataException>(() => new BuiltInGiftPriors(path));

        Assert.Contains("priors[1].recipient", error.Message);
        Assert.Contains("priors[1].categories", error.Message);
        Assert.DoesNotContain("priors[0]", error.Message);
    }

    [Fact]
    public void AMerchantsPriorOverridesTheDefaultForThatMerchantOnly()
    {
        Priors.Upsert("shop-a", new GiftPrior("mother", "birthday", ["pets"], ["猫"], "妈妈爱猫", "mum loves cats"));

        var own = Priors.Resolve("shop-a", "mother", "birthday")!;
        Assert.Equal("shop-a", own.MerchantId);
        Assert.Equal(["pets"], own.Categories);
        Assert.Equal(["猫"], own.Tags);
        Assert.Equal("mum loves cats", own.Reason("en"));
        Assert.Equal("妈妈生日的热门礼物", Priors.Resolve("shop-b", "mother", "birthday")!.ReasonZh);
        Assert.True(Priors.Resolve("shop-b", "mother", "birthday")!.BuiltIn);
        Assert.Equal("妈妈会喜欢的礼物", Priors.Resolve("shop-a", "mother", "")!.ReasonZh);
    }

    [Fact]
    public void APriorAskedForBeforeAndAfterAnUpsertAndADeleteIsTheOneInForceEachTime()
    {
        var before = Priors.Resolve("shop-c", "wife", "")!;
        Priors.Upsert("shop-c", new GiftPrior("wife", "", ["jewelry"], [], "", ""));
        var upserted = Priors.Resolve("shop-c", "wife", "")!;
        Priors.Upsert("shop-c", new GiftPrior("wife", "", ["beauty"], [], "", ""));
        var replaced = Priors.Resolve("shop-c", "wife", "")!;
        Priors.Delete("shop-c", "wife", "", "req-1");
        var after = Priors.Resolve("shop-c", "wife", "")!;

        Assert.True(before.BuiltIn);
        Assert.Equal(["jewelry"], upserted.Categories);
        Assert.Equal(["beauty"], replaced.Categories);
        Assert.True(after.BuiltIn);
    }

    [Fact]
    public void ListingShowsTheMerchantsOwnPriorsThenTheDefaultsTheyDidNotReplace()
    {
        Priors.Upsert("shop-a", new GiftPrior("teacher", "", ["books"], [], "", ""));

        var teacher = Priors.List("shop-a", "teacher");
        var all = Priors.List("shop-a");

        Assert.False(teacher[0].BuiltIn);
        Assert.Equal(["books"], teacher[0].Categories);
        Assert.All(teacher.Skip(1), p => Assert.True(p.BuiltIn));
        Assert.Single(teacher, p => p.Occasion == "");
        Assert.Equal(_harness.Get<BuiltInGiftPriors>().All.Count, all.Count);
    }

    [Fact]
    public void DeletingAMerchantsPriorBringsBackTheDefaultAndARetryAnswersTheSame()
    {
        Priors.Upsert("shop-a", new GiftPrior("father", "", ["books"], [], "", ""));

        var deleted = Priors.Delete("shop-a", "father", "", "req-1");
        var retried = Priors.Delete("shop-a", "father", "", "req-1");
        var other = Assert.Throws<NotFoundException>(() => Priors.Delete("shop-a", "father", "", "req-2"));

        Assert.Equal(["books"], deleted.Categories);
        Assert.Equal(deleted.Categories, retried.Categories);
        Assert.Equal("gift_prior", other.ResourceType);
        Assert.True(Priors.Resolve("shop-a", "father", "")!.BuiltIn);
    }

    [Fact]
    public void ABuiltInPriorCannotBeDeleted()
    {
        Assert.Throws<NotFoundException>(() => Priors.Delete("shop-a", "mother", "birthday", "req-1"));
    }

    [Fact]
    public void AnInvalidPriorIsRefusedWithEveryFieldAtOnce()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Priors.Upsert("shop-a",
            new GiftPrior("grandma", "halloween", [], [], new string('好', 41), new string('x', 81))));
        var badSlug = Assert.Throws<InvalidRequestException>(() => Priors.Upsert("shop-a",
            new GiftPrior("mother", "", ["Beauty Stuff"], [" "], "", "")));

        Assert.Equal(
            ["prior.categories", "prior.occasion", "prior.reason_en", "prior.reason_zh", "prior.recipient"],
            error.Violations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(["prior.categories[0]", "prior.tags[0]"], badSlug.Violations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AReasonLeftEmptyIsSaidForTheRecipientAndOccasion()
    {
        var prior = Priors.Upsert("shop-a", new GiftPrior("teacher", "graduation", ["books"], [], "", ""));

        Assert.Equal("适合送老师的毕业礼物", prior.Reason("zh"));
        Assert.Equal("a graduation gift for teachers", prior.Reason("en"));
    }
}
