using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Recommendations;

namespace ChatCommerce.BotServer.Tests.Recommendations;

public sealed class GiftDialogueTests : IDisposable
{
    private readonly RecommendationsHarness _harness = new();
    private readonly GroupContext _group = new();

    public void Dispose() => _harness.Dispose();

    private static EntityMatch Mother => new("recipient", "mother", "妈妈", 1, 3);

    private static EntityMatch Birthday => new("occasion", "birthday", "生日", 3, 5);

    private static EntityMatch Under(int amount) => new("budget_max", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{amount}以内", 0, 0);

    [Fact]
    public async Task AGiftWithoutABudgetAsksForItOnceThenPicksOnTheNextMessage()
    {
        var question = await Say("送妈妈生日礼物", IntentNames.Gift, [Mother, Birthday]);
        var picks = await Say("300以内吧", IntentNames.None, [Under(300)]);

        Assert.Equal("预算大概多少？", question.Text);
        Assert.Empty(question.ProductIds);
        Assert.InRange(picks.ProductIds.Count, 1, 5);
        var lines = picks.Text.Split('\n');
        Assert.Equal("送妈妈的礼物，帮你挑了这些：", lines[0]);
        Assert.All(lines.Skip(1).Take(picks.ProductIds.Count), line => Assert.EndsWith(" · 妈妈生日的热门礼物", line));
        foreach (var id in picks.ProductIds)
        {
            var product = _harness.Catalog.Get(RecommendationsHarness.Demo, id);
            Assert.True(product.Price <= 300 || product.GroupPriceTiers.Any(t => t.Price <= 300), $"{id} costs {product.Price}");
        }
        Assert.Equal(picks.ProductIds, _group.LastList);
        var seen = _harness.SignalReader.ForGroup(RecommendationsHarness.Demo, "console", "family");
        Assert.Equal(picks.ProductIds.Order(StringComparer.Ordinal), seen.Where(a => a.Views == 1).Select(a => a.ProductId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("zh", "送给谁呢？预算大概多少？")]
    [InlineData("en", "Who is it for, and roughly what budget?")]
    public async Task AGiftWithNeitherRecipientNorBudgetAsksForBoth(string language, string expected)
    {
        var question = await Say("gift ideas?", IntentNames.Gift, language: language);

        Assert.Equal(expected, question.Text);
    }

    [Fact]
    public async Task AGiftWithABudgetButNoRecipientAsksWhoItIsFor()
    {
        var question = await Say("500以内的礼物", IntentNames.Gift, [Under(500)]);
        var picks = await Say("送爸爸", IntentNames.Gift, [new EntityMatch("recipient", "father", "爸爸", 1, 3)]);

        Assert.Equal("送给谁呢？", question.Text);
        Assert.StartsWith("送爸爸的礼物", picks.Text);
        Assert.All(picks.ProductIds, id => Assert.True(_harness.Catalog.Get(RecommendationsHarness.Demo, id).Price <= 500
            || _harness.Catalog.Get(RecommendationsHarness.Demo, id).GroupPriceTiers.Any(t => t.Price <= 500)));
    }

    [Fact]
    public async Task StillMissingAfterAskingOnceItPicksWithWhatItHas()
    {
        await Say("送妈妈礼物", IntentNames.Gift, [Mother]);
        var picks = await Say("随便吧", IntentNames.Gift);

        Assert.InRange(picks.ProductIds.Count, 1, 5);
        Assert.Contains("妈妈会喜欢的礼物", picks.Text);
    }

    [Fact]
    public async Task AnAnswerThatParsesAsARecommendationContinuesTheGiftDialogue()
    {
        await Say("送妈妈生日礼物", IntentNames.Gift, [Mother, Birthday]);
        var picks = await Say("推荐500以内的", IntentNames.Recommend, [Under(500)]);

        Assert.StartsWith("送妈妈的礼物", picks.Text);
        Assert.Contains("妈妈生日的热门礼物", picks.Text);
    }

    [Fact]
    public async Task SomeoneElsesMessageDoesNotAnswerTheQuestionAskedOfAnother()
    {
        await Say("送妈妈礼物", IntentNames.Gift, [Mother]);
        var bob = await Say("500以内", IntentNames.Gift, [Under(500)], user: "bob");

        Assert.Equal("送给谁呢？", bob.Text);
    }

    [Fact]
    public async Task AQuestionLeftUnansweredPastTheWindowIsAskedAgain()
    {
        await Say("送妈妈礼物", IntentNames.Gift, [Mother]);
        _harness.Time.Advance(PendingGiftQuestions.AnswerWindow + TimeSpan.FromMinutes(1));
        var again = await Say("送妈妈礼物", IntentNames.Gift, [Mother]);

        Assert.Equal("预算大概多少？", again.Text);
    }

    [Fact]
    public async Task ARecommendationInTheChatShowsAReasonOnEveryLine()
    {
        var reply = await Say("推荐500元以内的耳机", IntentNames.Recommend, [new EntityMatch("budget_max", "500", "500元以内", 2, 8)]);

        var lines = reply.Text.Split('\n');
        Assert.Equal("¥500以内为你推荐这些：", lines[0]);
        Assert.InRange(reply.ProductIds.Count, 1, 5);
        Assert.All(lines.Skip(1).Take(reply.ProductIds.Count), line => Assert.EndsWith(" · 在你的预算内", line));
        Assert.Contains("耳机", _harness.Catalog.Get(RecommendationsHarness.Demo, reply.ProductIds[0]).TitleZh);
    }

    private async Task<OutgoingReply> Say(string text, string intent, IReadOnlyList<EntityMatch>? entities = null, string language = "zh", string user = "alice")
    {
        var message = new IncomingMessage(RecommendationsHarness.Demo, "console", "family", Guid.NewGuid().ToString("n"), user, user, text, true, [], _harness.Time.GetUtcNow());
        var turn = new Turn(message, new IntentResult(intent, 0.9, language, entities ?? []), _group);
        // As the conversation engine does: an open dialogue first, else the intent's handler.
        var dialogue = _harness.Dialogues.FirstOrDefault(d => d.Answers(turn));
        var replies = dialogue is not null
            ? await dialogue.ContinueAsync(turn, CancellationToken.None)
            : await _harness.Handler(intent == IntentNames.Recommend ? IntentNames.Recommend : IntentNames.Gift).HandleAsync(turn, CancellationToken.None);
        return Assert.Single(replies);
    }
}
