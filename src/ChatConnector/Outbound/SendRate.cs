namespace ChatCommerce.ChatConnector.Outbound;

/// <summary>
/// How fast a platform lets a bot post in one group: <paramref name="Burst"/> posts at once,
/// then one more every <paramref name="Interval"/>.
/// </summary>
public readonly record struct SendRate(int Burst, TimeSpan Interval)
{
    /// <summary>IRC servers disconnect flooders: one line a second after a burst of four.</summary>
    public static readonly SendRate Irc = new(4, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Telegram allows a bot 20 messages a minute in one group: a burst of 5, then one every 4 s,
    /// which never puts more than 20 into any 60 seconds.
    /// </summary>
    public static readonly SendRate Telegram = new(5, TimeSpan.FromSeconds(4));

    /// <summary>Webhook robots (WeCom, DingTalk, Feishu) allow about 20 a minute per robot: the same pace as Telegram.</summary>
    public static readonly SendRate Webhook = Telegram;

    public bool IsValid => Burst > 0 && Interval > TimeSpan.Zero;
}
