namespace ChatCommerce.BotServer.Recommendations;

public enum SignalKind
{
    /// <summary>The product was shown to the group (a list, an answer about it).</summary>
    Viewed = 1,
    /// <summary>Someone in the group joined a group buy of it.</summary>
    Joined = 2,
    /// <summary>Someone in the group bought it (a group buy succeeded).</summary>
    Purchased = 3,
}

/// <summary>Something a group did with a product, recorded as it happens for recommendations.</summary>
public sealed record GroupSignal(
    string MerchantId,
    string Platform,
    string GroupId,
    string UserId,
    string ProductId,
    SignalKind Kind,
    DateTimeOffset At);

/// <summary>Where chat, group buys and orders report what groups look at, join and buy.</summary>
/// <remarks>Best effort: a storage failure is logged, never thrown, since callers record after their own work committed.</remarks>
public interface IGroupSignals
{
    void Record(IReadOnlyCollection<GroupSignal> signals);
}
