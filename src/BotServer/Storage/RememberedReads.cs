using System.Collections.Concurrent;

namespace ChatCommerce.BotServer.Storage;

/// <summary>
/// Answers a store read from LiteDB, kept in memory because they are asked for on every message or
/// call, for a store that is the only writer of what it reads. A hit takes no lock. A miss reads
/// under the store's write lock (<paramref name="gate"/>), and a write forgets or replaces its key
/// under the same lock, so an answer read before a write is never kept after it. Past
/// <paramref name="maxCount"/> answers everything is forgotten and refilled as asked.
/// </summary>
/// <param name="keep">Which answers to keep (null: all, misses too).</param>
public sealed class RememberedReads<TKey, TValue>(Lock gate, int maxCount, IEqualityComparer<TKey>? comparer = null, Func<TValue, bool>? keep = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _memory = new(comparer);

    /// <summary>The kept answer, or <paramref name="read"/>'s, read under the write lock and kept.</summary>
    public TValue Get(TKey key, Func<TValue> read)
    {
        if (_memory.TryGetValue(key, out var value))
        {
            return value;
        }
        lock (gate)
        {
            if (_memory.TryGetValue(key, out value))
            {
                return value;
            }
            value = read();
            if (keep is null || keep(value))
            {
                if (_memory.Count >= maxCount)
                {
                    _memory.Clear();
                }
                _memory[key] = value;
            }
            return value;
        }
    }

    /// <summary>Runs a write under the write lock, then forgets the key's answer (also when the write failed).</summary>
    public T Writing<T>(TKey key, Func<T> write)
    {
        lock (gate)
        {
            try
            {
                return write();
            }
            finally
            {
                _memory.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The answer a write just stored; the caller holds the write lock.</summary>
    public void Replace(TKey key, TValue value) => _memory[key] = value;

    /// <summary>Forgets the key's answer; the caller holds the write lock.</summary>
    public void Forget(TKey key) => _memory.TryRemove(key, out _);
}
