using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Grpc;

/// <summary>A server with small limits: 1 call/s per key with a burst of 5, 3 replies per group per minute.</summary>
public sealed class LimitsTests : IDisposable
{
    private readonly BotServerApp _app = new(new Dictionary<string, string?>
    {
        ["RateLimit:PermitsPerSecond"] = "1",
        ["RateLimit:Burst"] = "5",
        ["Chat:GroupRepliesPerMinute"] = "3",
    });

    [Fact]
    public async Task ABurstOverTheLimitGetsResourceExhaustedWithRetryInfoAndOtherKeysAreStillServed()
    {
        var noisy = _app.NewMerchantKey("noisy");
        var quiet = _app.NewMerchantKey("quiet");
        var catalog = _app.Catalog();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await catalog.ListProductsAsync(new ListProductsRequest(), noisy);
                return (StatusCode.OK, (RetryInfo?)null);
            }
            catch (RpcException e)
            {
                return (e.StatusCode, e.GetRpcStatus()?.GetDetail<RetryInfo>());
            }
        }));
        var other = await catalog.ListProductsAsync(new ListProductsRequest(), quiet);

        Assert.InRange(outcomes.Count(o => o.Item1 == StatusCode.OK), 5, 7);
        var refused = outcomes.Where(o => o.Item1 != StatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, o => Assert.Equal(StatusCode.ResourceExhausted, o.Item1));
        Assert.All(refused, o => Assert.NotNull(o.Item2));
        Assert.Empty(other.Products);
    }

    [Fact]
    public async Task AGroupOverItsReplyBudgetGetsNoMoreRepliesWhileOtherGroupsDo()
    {
        var bot = _app.ChatBot();
        var flooder = _app.NewMerchantKey("flooder");
        var replies = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var response = await bot.HandleMessageAsync(Messages.To("help", group: "flooded"), flooder);
            replies.Add(response.Replies.Count);
        }
        var elsewhere = await bot.HandleMessageAsync(Messages.To("help", group: "calm"), _app.NewMerchantKey("calm"));

        Assert.Equal([1, 1, 1, 0, 0], replies);
        Assert.Single(elsewhere.Replies);
    }

    public void Dispose() => _app.Dispose();
}
