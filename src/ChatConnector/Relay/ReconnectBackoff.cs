namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// Exponential backoff with full jitter: the n-th delay is uniform in [0, min(max, initial·2ⁿ)),
/// so a fleet of connectors does not reconnect in lockstep after a BotServer restart.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    /// <summary>Failed attempts since the last <see cref="Reset"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>The delay before the next attempt; counts one more failure.</summary>
    public TimeSpan NextDelay()
    {
        var ceiling = Ceiling(Failures);
        Failures++;
        return ceiling * random.NextDouble();
    }

    /// <summary>The largest delay after <paramref name="failures"/> failures.</summary>
    public TimeSpan Ceiling(int failures)
    {
        // Compare exponents rather than multiply, so many failures cannot overflow.
        var doublings = Math.Log2(max / initial);
        return failures >= doublings ? max : initial * Math.Pow(2, failures);
    }

    /// <summary>After a successful hello the next failure starts over from the initial delay.</summary>
    public void Reset() => Failures = 0;
}
