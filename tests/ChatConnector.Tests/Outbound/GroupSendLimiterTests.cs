using ChatCommerce.ChatConnector.Outbound;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.ChatConnector.Tests.Outbound;

public sealed class GroupSendLimiterTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task AGroupMayPostItsBurstAtOnceAndThenOnePostPerInterval()
    {
        var limiter = new GroupSendLimiter(new SendRate(4, TimeSpan.FromSeconds(1)), _clock);
        for (var i = 0; i < 4; i++)
        {
            await limiter.WaitAsync("#deals", CancellationToken.None);
        }

        var fifth = limiter.WaitAsync("#deals", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(fifth.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await fifth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ABusyGroupDoesNotHoldUpAnotherGroup()
    {
        var limiter = new GroupSendLimiter(new SendRate(1, TimeSpan.FromMinutes(1)), _clock);
        await limiter.WaitAsync("#deals", CancellationToken.None);

        var sameGroup = limiter.WaitAsync("#deals", CancellationToken.None);
        var otherGroup = limiter.WaitAsync("#gifts", CancellationToken.None);

        Assert.True(otherGroup.IsCompletedSuccessfully);
        Assert.False(sameGroup.IsCompleted);
    }

    [Theory]
    [InlineData("telegram")]
    [InlineData("webhook")]
    public async Task TheTelegramAndWebhookDefaultsNeverLetMoreThanTwentyPostsIntoAnyMinute(string platform)
    {
        var limiter = new GroupSendLimiter(platform == "telegram" ? SendRate.Telegram : SendRate.Webhook, _clock);
        var postedAt = new List<DateTimeOffset>();
        var start = _clock.GetUtcNow();
        while (_clock.GetUtcNow() - start < TimeSpan.FromMinutes(5))
        {
            var post = limiter.WaitAsync("chat-1", CancellationToken.None);
            while (!post.IsCompleted)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(250));
            }

            await post;
            postedAt.Add(_clock.GetUtcNow());
        }

        var busiestMinute = postedAt.Max(from => postedAt.Count(at => at >= from && at < from + TimeSpan.FromMinutes(1)));
        Assert.InRange(busiestMinute, 15, 20);
    }

    [Theory]
    [InlineData(1, 1, 60)]
    [InlineData(20, 5, 4)]
    [InlineData(60, 15, 60.0 / 45)]
    public void APerMinuteRateSpreadsTheMinuteOverAQuarterAtOnceAndTheRestPaced(int posts, int burst, double intervalSeconds)
    {
        var rate = SendRate.PerMinute(posts);

        Assert.Equal(burst, rate.Burst);
        Assert.Equal(intervalSeconds, rate.Interval.TotalSeconds, 3);
    }

    [Fact]
    public void ARateWithoutTokensIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupSendLimiter(new SendRate(0, TimeSpan.FromSeconds(1)), _clock));
}
