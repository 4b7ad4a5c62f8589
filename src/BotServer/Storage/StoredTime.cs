namespace ChatCommerce.BotServer.Storage;

public static class StoredTime
{
    /// <summary>
    /// Now, cut to the millisecond LiteDB keeps, so what an RPC answers equals what a later read
    /// (or a retried request) answers.
    /// </summary>
    public static DateTime GetStoredUtcNow(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
