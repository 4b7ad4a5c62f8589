using System.Diagnostics;
using System.Text;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.BotServer.Tests.Reliability;

/// <summary>
/// Random Unicode, control characters, lone surrogates, shopping fragments and very long texts
/// thrown at the parser and the whole conversation: no exception, and no input takes long.
/// Seeds are fixed, so a failure names an input that can be replayed.
/// </summary>
public sealed class FuzzTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    /// <summary>Far above any normal parse (tens of µs): only a pathological input gets near it.</summary>
    private static readonly TimeSpan SlowInput = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Fragments =
    [
        "拼", "团", "第2个", "#3", "GB-7F3K2", "500元以内", "1万5", "5k左右", "under $50", "+1", "我也要", "@shopbot", "shopbot:",
        "耳机", "华为", "Sony", "送妈妈", "生日", "3人团", "x2", "/rule add", "=>", "{sender}", "(a+)+$", "０１２", "！", "？", "🎁", "👍",
        "\u200b", "\u202e", "\ufeff", "\r\n", "\t", "\0", "壹仟", "两百块", "between 20 and 30 bucks", "the 2nd one", "我的订单",
    ];

    public static string RandomText(Random random)
    {
        var text = new StringBuilder();
        var length = random.Next(10) == 0 ? random.Next(1_000, 20_000) : random.Next(0, 60);
        while (text.Length < length)
        {
            switch (random.Next(6))
            {
                case 0:
                    text.Append(Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1:
                    text.Append((char)random.Next(0xD800, 0xE000)); // lone surrogates
                    break;
                case 2:
                    text.Append((char)random.Next(0, 0x20)); // control characters
                    break;
                case 3:
                    text.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF))); // emoji
                    break;
                default:
                    text.Append((char)random.Next(0x20, 0xD7FF)); // any BMP character
                    break;
            }
        }
        return text.ToString();
    }

    [Fact]
    public void AHundredThousandRandomTextsParseWithoutAnExceptionOrASlowInput()
    {
        var parser = server.App.Services.GetRequiredService<IIntentParser>();
        // The merchant's first parse builds its catalog-name matcher once; the bound is per input, not for that.
        parser.Parse("warm-up", new ParseContext("demo"));
        var random = new Random(20261128);
        var slowest = (Time: TimeSpan.Zero, Text: "");
        var clock = new Stopwatch();
        for (var i = 0; i < 100_000; i++)
        {
            var text = RandomText(random);
            clock.Restart();
            var result = parser.Parse(text, new ParseContext("demo"));
            clock.Stop();
            Assert.Contains(result.Intent, IntentNames.All);
            Assert.All(result.Entities, e => Assert.InRange(e.End, e.Start, text.Length));
            if (clock.Elapsed > slowest.Time)
            {
                slowest = (clock.Elapsed, text);
            }
        }

        Assert.True(slowest.Time < SlowInput, $"slowest parse {slowest.Time.TotalMilliseconds:0.0} ms for {slowest.Text.Length} chars: {Escape(slowest.Text)}");
    }

    [Fact]
    public async Task TenThousandRandomMessagesThroughTheConversationNeverThrow()
    {
        var engine = server.App.Services.GetRequiredService<ConversationEngine>();
        var random = new Random(1128);
        for (var i = 0; i < 10_000; i++)
        {
            var text = RandomText(random);
            if (text.Length > MessageRules.MaxTextLength)
            {
                text = text[..MessageRules.MaxTextLength];
            }
            var message = new IncomingMessage("demo", "fuzz", "g" + random.Next(50), "m" + i, "u" + random.Next(20), "fuzzer", text,
                random.Next(2) == 0, [], DateTimeOffset.UtcNow);

            var result = await engine.HandleAsync(message, CancellationToken.None);

            Assert.All(result.Replies, r => Assert.False(string.IsNullOrEmpty(r.Text)));
        }
    }

    private static string Escape(string text) =>
        string.Concat(text.Take(200).Select(c => c is < ' ' or (>= '\uD800' and <= '\uDFFF') ? $"\\u{(int)c:x4}" : c.ToString()));
}
