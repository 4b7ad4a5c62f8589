using ChatCommerce.ChatConnector.Relay;

namespace ChatCommerce.ChatConnector.Tests.Relay;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void CeilingDoublesFromTheInitialDelayUpToTheCap()
    {
        var backoff = new ReconnectBackoff(Initial, Max, new FixedRandom(0.5));

        var ceilings = Enumerable.Range(0, 8).Select(failures => backoff.Ceiling(failures).TotalSeconds);

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30], ceilings);
        Assert.Equal(Max, backoff.Ceiling(10_000));
    }

    [Fact]
    public void EachDelayIsARandomFractionOfItsCeiling()
    {
        var backoff = new ReconnectBackoff(Initial, Max, new FixedRandom(0.5));

        var delays = Enumerable.Range(0, 4).Select(_ => backoff.NextDelay().TotalSeconds);

        Assert.Equal([0.25, 0.5, 1, 2], delays);
        Assert.Equal(4, backoff.Failures);
    }

    [Fact]
    public void FullJitterStaysBelowTheCeiling()
    {
        var backoff = new ReconnectBackoff(Initial, Max, new Random(42));

        for (var failures = 0; failures < 50; failures++)
        {
            var ceiling = backoff.Ceiling(failures);
            var delay = backoff.NextDelay();
            Assert.InRange(delay, TimeSpan.Zero, ceiling);
            Assert.NotEqual(ceiling, delay);
        }
    }

    [Fact]
    public void ResetStartsOverFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(Initial, Max, new FixedRandom(0.5));
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(0.25), backoff.NextDelay());
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
