namespace ChatCommerce.ChatConnector.Outbound;

/// <summary>
/// How fast a platform lets a bot post in one group: <paramref name="Burst"/> posts at once,
/// then one more every <paramref name="Interval"/>.
/// </summary>
public readonly record struct SendRate(int Burst, TimeSpan Interval)
{
    /// <summary>IRC servers disconnect flooders: one line a second after a burst of four.</summary>
    public static readonly SendRate Irc = new(4, TimeSpan.FromSeconds(1));

    /// <summary>Telegram allows a bot 20 messages a minute in one group.</summary>
    public static readonly SendRate Telegram = PerMinute(20);

    /// <summary>Webhook robots (WeCom, DingTalk, Feishu) allow about 20 a minute per robot: the same pace as Telegram.</summary>
    public static readonly SendRate Webhook = Telegram;

    public bool IsValid => Burst > 0 && Interval > TimeSpan.Zero;

    /// <summary>
    /// At most <paramref name="posts"/> in any 60 seconds, a quarter of them at once: the burst plus
    /// one token per interval over a minute adds up to <paramref name="posts"/> (20 → 5 at once, then one every 4 s).
    /// </summary>
    public static SendRate PerMinute(int posts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(posts);
        var burst = Math.Max(1, posts / 4);
        return new SendRate(burst, TimeSpan.FromMinutes(1) / Math.Max(1, posts - burst));
    }
}
