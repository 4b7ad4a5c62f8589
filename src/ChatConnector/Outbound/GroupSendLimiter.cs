namespace ChatCommerce.ChatConnector.Outbound;

/// <summary>
/// A token bucket per group: posting to a group takes a token, tokens come back at the group's
/// <see cref="SendRate"/>. Posts to one group wait their turn; other groups are not held up.
/// </summary>
public sealed class GroupSendLimiter(SendRate rate, TimeProvider timeProvider)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SendRate Rate { get; } = rate.IsValid ? rate : throw new ArgumentOutOfRangeException(nameof(rate), rate, "The burst and interval must be positive.");

    /// <summary>Waits until <paramref name="groupId"/> may take one more post, and takes it.</summary>
    public async Task WaitAsync(string groupId, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = timeProvider.GetTimestamp();
                if (!_buckets.TryGetValue(groupId, out var bucket))
                {
                    bucket = new Bucket(Rate.Burst, now);
                }

                var tokens = Math.Min(Rate.Burst, bucket.Tokens + timeProvider.GetElapsedTime(bucket.At, now) / Rate.Interval);
                if (tokens >= 1)
                {
                    _buckets[groupId] = new Bucket(tokens - 1, now);
                    return;
                }

                _buckets[groupId] = new Bucket(tokens, now);
                wait = Rate.Interval * (1 - tokens);
            }

            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    private readonly record struct Bucket(double Tokens, long At);
}
