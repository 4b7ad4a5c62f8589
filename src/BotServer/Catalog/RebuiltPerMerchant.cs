using System.Collections.Concurrent;

namespace ChatCommerce.BotServer.Catalog;

/// <summary>
/// One value per merchant that is costly to build and goes stale with catalog writes (its names,
/// its name matcher). When it is stale, one caller rebuilds it while the others go on with the last
/// one; only a merchant's very first build is waited for.
/// </summary>
public sealed class RebuiltPerMerchant<T> where T : class
{
    private readonly ConcurrentDictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lock> _building = new(StringComparer.Ordinal);

    /// <param name="isCurrent">Whether a built value still holds.</param>
    /// <param name="build">A fresh value, or null when there is nothing to build from (not remembered).</param>
    public T? Get(string merchantId, Func<T, bool> isCurrent, Func<T?> build)
    {
        if (_values.TryGetValue(merchantId, out var known) && isCurrent(known))
        {
            return known;
        }
        var building = _building.GetOrAdd(merchantId, _ => new Lock());
        if (known is not null && !building.TryEnter())
        {
            return known;
        }
        if (known is null)
        {
            building.Enter();
        }
        try
        {
            if (_values.TryGetValue(merchantId, out known) && isCurrent(known))
            {
                return known;
            }
            var built = build();
            if (built is not null)
            {
                _values[merchantId] = built;
            }
            return built;
        }
        finally
        {
            building.Exit();
        }
    }
}
