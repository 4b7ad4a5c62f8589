using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// How many replies the bot may post in one group per minute (a token bucket per group), so a
/// flood of questions, or two bots talking to each other, cannot make it spam a group.
/// </summary>
public sealed class ReplyBudget : IDisposable
{
    private readonly PartitionedRateLimiter<(string, string, string)>? _limiter;

    public ReplyBudget(IOptions<ChatOptions> options)
    {
        var perMinute = options.Value.GroupRepliesPerMinute;
        if (perMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<(string, string, string), (string, string, string)>(group =>
                RateLimitPartition.GetTokenBucketLimiter(group, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        }
    }

    /// <summary>Takes one reply from the group's budget; false when it is spent.</summary>
    public bool TryTake(string merchantId, string platform, string groupId)
    {
        if (_limiter is null)
        {
            return true;
        }
        using var lease = _limiter.AttemptAcquire((merchantId, platform, groupId));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}
