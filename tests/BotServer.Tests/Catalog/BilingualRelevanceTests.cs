using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatCommerce.BotServer.Tests.Catalog;

/// <summary>
/// Relevance of search in Chinese and English on the X-RiSAWOZ laptop and car catalogs
/// (tests/BotServer.Tests/data/xrisawoz, CC BY 4.0). The same 102 products are indexed twice,
/// zh rows for one merchant and en rows for another, and the same 11 requests (the 2 of 13
/// with no matching product are skipped) are asked in each language as a chat message would
/// ask them: the text as written, less any budget the intent parser found, which becomes the
/// budget filter. Reproduce the figures with
/// <c>dotnet test tests/BotServer.Tests --filter BilingualRelevance --logger "console;verbosity=detailed"</c>.
/// </summary>
/// <remarks>
/// recall@5 = |relevant ∩ top 5| / min(5, |relevant|), since some requests ("an SUV") have 20
/// relevant products and five slots; nDCG@10 uses binary relevance. Both are averaged over
/// the requests of a language.
/// </remarks>
public sealed class BilingualRelevanceTests(ITestOutputHelper output)
{
    // Floors a little under what the search reaches (docs/SEARCH.md), leaving room for changes in
    // the intent parser's budgets; raise them when search improves.
    private const double RecallFloor = 0.90;
    private const double NdcgFloor = 0.78;
    private const double MaxLanguageGap = 0.05;

    // The same requests with no budget filter at all: what the text alone retrieves.
    private const double TextOnlyRecallFloor = 0.80;

    private const string ZhMerchant = "xrisawoz-zh";
    private const string EnMerchant = "xrisawoz-en";

    [Fact]
    public void ChineseAndEnglishRequestsFindTheProductsThatMeetTheirConstraints()
    {
        var dataset = XRisawoz.Load();
        using var search = new LuceneProductSearch();
        search.Index(dataset.Products(ZhMerchant, "zh"));
        search.Index(dataset.Products(EnMerchant, "en"));
        var parser = ChatIntentParser();

        var zh = Evaluate(search, parser, dataset, ZhMerchant, "zh");
        var en = Evaluate(search, parser, dataset, EnMerchant, "en");
        var zhText = Evaluate(search, null, dataset, ZhMerchant, "zh");
        var enText = Evaluate(search, null, dataset, EnMerchant, "en");

        output.WriteLine($"as the chat asks (budget from {parser.GetType().Name}):");
        output.WriteLine($"  zh: recall@5 {zh.Recall:F3}  nDCG@10 {zh.Ndcg:F3}  ({zh.Count} requests)");
        output.WriteLine($"  en: recall@5 {en.Recall:F3}  nDCG@10 {en.Ndcg:F3}  ({en.Count} requests)");
        output.WriteLine("text only (no budget filter):");
        output.WriteLine($"  zh: recall@5 {zhText.Recall:F3}  nDCG@10 {zhText.Ndcg:F3}");
        output.WriteLine($"  en: recall@5 {enText.Recall:F3}  nDCG@10 {enText.Ndcg:F3}");
        Assert.True(zh.Recall >= RecallFloor, $"zh recall@5 {zh.Recall:F3} < {RecallFloor}");
        Assert.True(en.Recall >= RecallFloor, $"en recall@5 {en.Recall:F3} < {RecallFloor}");
        Assert.True(zh.Ndcg >= NdcgFloor, $"zh nDCG@10 {zh.Ndcg:F3} < {NdcgFloor}");
        Assert.True(en.Ndcg >= NdcgFloor, $"en nDCG@10 {en.Ndcg:F3} < {NdcgFloor}");
        Assert.True(en.Recall - zh.Recall <= MaxLanguageGap, $"zh recall@5 {zh.Recall:F3} trails en {en.Recall:F3} by more than {MaxLanguageGap}");
        Assert.True(zhText.Recall >= TextOnlyRecallFloor, $"zh text-only recall@5 {zhText.Recall:F3} < {TextOnlyRecallFloor}");
        Assert.True(enText.Recall >= TextOnlyRecallFloor, $"en text-only recall@5 {enText.Recall:F3} < {TextOnlyRecallFloor}");
    }

    private (double Recall, double Ndcg, int Count) Evaluate(LuceneProductSearch search, IIntentParser? parser, XRisawoz dataset, string merchant, string language)
    {
        var recalls = new List<double>();
        var ndcgs = new List<double>();
        foreach (var request in dataset.Requests.Where(r => r.RelevantIds.Count > 0))
        {
            var text = language == "zh" ? request.ZhText : request.EnText;
            var intent = parser?.Parse(text, new ParseContext(merchant, language)) ?? IntentResult.None(language);
            var query = text;
            foreach (var budget in intent.Entities.Where(e => e.Type.StartsWith("budget_", StringComparison.Ordinal)))
            {
                query = query.Replace(budget.Text, " ", StringComparison.OrdinalIgnoreCase);
            }
            var result = search.Search(new ProductQuery(merchant, query, intent.DecimalEntity("budget_min"), intent.DecimalEntity("budget_max"),
                InStockOnly: true, Limit: 10));
            var ranked = result.Hits.Select(h => h.Product.ProductId).ToList();
            var recall = ranked.Take(5).Count(request.RelevantIds.Contains) / (double)Math.Min(5, request.RelevantIds.Count);
            var ndcg = Ndcg(ranked, request.RelevantIds, 10);
            recalls.Add(recall);
            ndcgs.Add(ndcg);
            output.WriteLine($"[{language}{(parser is null ? " text only" : "")}] R@5 {recall:F2} nDCG {ndcg:F2} rel {request.RelevantIds.Count,2} budget {intent.Entity("budget_min") ?? "-"}..{intent.Entity("budget_max") ?? "-"} | {text}");
            foreach (var hit in result.Hits.Take(5))
            {
                output.WriteLine($"      {(request.RelevantIds.Contains(hit.Product.ProductId) ? '+' : ' ')} {hit.Score,7:F3} {hit.Product.Title}");
            }
        }
        return (recalls.Average(), ndcgs.Average(), recalls.Count);
    }

    private static double Ndcg(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        var dcg = ranked.Take(k).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(k, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return dcg / ideal;
    }

    /// <summary>The parser the chat uses, whatever the conversation feature registers today.</summary>
    private static IIntentParser ChatIntentParser()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddConversation();
        return services.BuildServiceProvider().GetRequiredService<IIntentParser>();
    }
}
