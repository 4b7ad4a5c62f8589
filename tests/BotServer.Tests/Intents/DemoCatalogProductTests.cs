using System.Globalization;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Tests.Support;
using Xunit.Abstractions;

namespace ChatCommerce.BotServer.Tests.Intents;

/// <summary>
/// Products named in a question, over the demo catalog: every product asked about by its Chinese and by
/// its English title ("小米 Redmi Buds 6 降噪蓝牙耳机多少钱", "how much is the …"). A hit is the product's id
/// and no other product. Run with `--logger "console;verbosity=detailed"` to see the misses.
/// </summary>
public sealed class DemoCatalogProductTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("zh", "{0}多少钱", 0.97)]
    [InlineData("en", "how much is the {0}?", 0.97)]
    public void AProductAskedForByItsTitleIsRecognised(string language, string question, double floor)
    {
        using var demo = new DemoCatalog();
        var products = Demo.DemoSeeder.LoadCatalog(Demo.DemoSeeder.CatalogPath);
        var hits = 0;
        foreach (var product in products)
        {
            var text = string.Format(CultureInfo.InvariantCulture, question, product.TitleFor(language));
            var named = demo.Parser.Parse(text, new ParseContext("demo", language)).Entities.Where(e => e.Type == "product").Select(e => e.Value).ToList();
            if (named is [var only] && only == product.ProductId)
            {
                hits++;
            }
            else
            {
                output.WriteLine($"  {product.ProductId}: got [{string.Join(", ", named)}] | {text}");
            }
        }
        var recall = hits / (double)products.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{language}: {hits}/{products.Count} = {recall:0.000}"));
        Assert.True(recall >= floor, $"{language} product recall {recall:0.000} < {floor}");
    }
}
