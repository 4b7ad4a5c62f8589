using System.Diagnostics;
using ChatCommerce.BotServer.Errors;
using LiteDB;
using LiteDB.Engine;

namespace ChatCommerce.BotServer.Storage;

/// <summary>
/// The engine under the process's one <see cref="LiteDatabase"/>: forwards every call to a
/// <see cref="LiteEngine"/> on the data file and, when that engine breaks (see
/// <see cref="StorageFailures.BreaksEngine"/>; typically ENOSPC while writing its log), closes it and
/// opens a fresh one on the same files. The call that broke it fails; calls after it run on the new
/// engine, which sees exactly the committed transactions (LiteDB's log is crash-safe: pages of a
/// transaction without its confirm page are ignored, a torn last page is cut off). Stores keep their
/// <see cref="LiteDatabase"/> and collections: only the engine behind them changes.
/// </summary>
/// <remarks>
/// Like LiteDB itself, this assumes a thread finishes what it started (a transaction, a query
/// reader) before it does anything else: the bookkeeping is per thread.
/// </remarks>
public sealed partial class RecoveringLiteEngine : ILiteEngine
{
    // How long a reopen waits for calls still inside the broken engine (they fail fast once it is
    // closed, except those waiting in a LiteDB lock, whose timeout is a minute).
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(5);

    // After a failed open, how long calls fail at once instead of trying again.
    private static readonly TimeSpan ReopenBackoff = TimeSpan.FromSeconds(1);

    private readonly Func<LiteEngine> _open;
    private readonly FreeSpaceGuard _room;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ThreadLocal<ThreadUse> _threads = new(() => new ThreadUse());
    private readonly Lock _reopening = new();
    private readonly Lock _committing = new();
    private volatile Generation _current;
    private DateTimeOffset _lastFailedOpen = DateTimeOffset.MinValue;
    private int _reopens;

    public RecoveringLiteEngine(Func<LiteEngine> open, FreeSpaceGuard room, TimeProvider time, ILogger logger)
    {
        _open = open;
        _room = room;
        _time = time;
        _logger = logger;
        _current = new Generation(open());
    }

    /// <summary>How many times a broken engine was replaced.</summary>
    public int Reopens => Volatile.Read(ref _reopens);

    /// <summary>One opened engine and the calls inside it.</summary>
    private sealed class Generation(LiteEngine? engine, Exception? brokenBy = null)
    {
        private Exception? _brokenBy = brokenBy;

        public LiteEngine? Engine { get; } = engine;

        public int Users;

        public volatile bool Retired;

        public Exception? BrokenBy => Volatile.Read(ref _brokenBy);

        public bool Break(Exception cause) => Interlocked.CompareExchange(ref _brokenBy, cause, null) is null;
    }

    private sealed class ThreadUse
    {
        public Generation? Generation;
        public int Depth;
        public bool InTransaction;
    }

    // ---- Transactions: the commit is where a failed write leaves LiteDB's memory half changed.

    public bool BeginTrans()
    {
        var generation = Enter();
        var began = false;
        try
        {
            _room.EnsureRoomToWrite();
            began = Call(generation, e => e.BeginTrans());
            if (began)
            {
                _threads.Value!.InTransaction = true;
            }
            return began;
        }
        finally
        {
            // A begun transaction keeps its lease (and so its engine) until Commit or Rollback.
            if (!began)
            {
                Exit();
            }
        }
    }

    public bool Commit()
    {
        var use = _threads.Value!;
        var generation = Enter();
        var transactionOver = true;
        try
        {
            // One commit at a time, checked against a broken engine under the same lock: a commit that
            // failed may have left LiteDB's in-memory header (free-page list, last page id) half
            // changed, and a commit after it would write that header to disk.
            lock (_committing)
            {
                if (generation.BrokenBy is { } cause)
                {
                    throw Unavailable(cause);
                }
                try
                {
                    return Call(generation, e => e.Commit());
                }
                catch (Exception) when (generation.BrokenBy is null)
                {
                    transactionOver = false; // the caller rolls it back
                    throw;
                }
            }
        }
        finally
        {
            Exit();
            if (transactionOver && use.InTransaction)
            {
                use.InTransaction = false;
                Exit();
            }
        }
    }

    public bool Rollback()
    {
        var use = _threads.Value!;
        if (!use.InTransaction)
        {
            // Nothing begun here, or its commit failed on an engine that is being replaced: the
            // transaction goes away with that engine.
            return false;
        }
        var generation = use.Generation!;
        try
        {
            if (generation.BrokenBy is not null)
            {
                return false;
            }
            // Rolling back can write (LiteDB returns the transaction's new pages in a transaction of its own).
            lock (_committing)
            {
                return Call(generation, e => e.Rollback());
            }
        }
        finally
        {
            use.InTransaction = false;
            Exit();
        }
    }

    // ---- Reads

    public IBsonDataReader Query(string collection, Query query)
    {
        var generation = Enter();
        try
        {
            return new LeasedReader(this, generation, Call(generation, e => e.Query(collection, query)));
        }
        catch
        {
            Exit();
            throw;
        }
    }

    public BsonValue Pragma(string name) => Use(e => e.Pragma(name));

    // ---- Writes: each runs in a transaction of ours, so its commit goes through Commit above.

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) =>
        Write(e => e.Insert(collection, docs, autoId));

    public int Update(string collection, IEnumerable<BsonDocument> docs) => Write(e => e.Update(collection, docs));

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) =>
        Write(e => e.UpdateMany(collection, transform, predicate));

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) =>
        Write(e => e.Upsert(collection, docs, autoId));

    public int Delete(string collection, IEnumerable<BsonValue> ids) => Write(e => e.Delete(collection, ids));

    public int DeleteMany(string collection, BsonExpression predicate) => Write(e => e.DeleteMany(collection, predicate));

    public bool DropIndex(string collection, string name) => Write(e => e.DropIndex(collection, name));

    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique)
    {
        try
        {
            return Write(e => e.EnsureIndex(collection, name, expression, unique));
        }
        catch (Exception ex) when (!unique && StorageFailures.IsDiskFull(ex))
        {
            // Stores ask for their indexes when they are first used, which may be after the disk
            // filled. A plain index only makes queries faster (LiteDB scans without it), so it must
            // not fail the request that happened to construct the store; it is made at the next start.
            LogIndexSkipped(collection, name, ex.Message);
            return false;
        }
    }

    // LiteDB refuses these three inside a transaction.
    public bool DropCollection(string name) => Use(e =>
    {
        _room.EnsureRoomToWrite();
        return e.DropCollection(name);
    });

    public bool RenameCollection(string name, string newName) => Use(e =>
    {
        _room.EnsureRoomToWrite();
        return e.RenameCollection(name, newName);
    });

    public bool Pragma(string name, BsonValue value) => Use(e =>
    {
        if (e.Pragma(name) == value)
        {
            return false;
        }
        _room.EnsureRoomToWrite();
        return e.Pragma(name, value);
    });

    public long Rebuild(RebuildOptions options) => Use(e =>
    {
        _room.EnsureRoomToWrite();
        return e.Rebuild(options);
    });

    public int Checkpoint() => Use(e => e.Checkpoint());

    public void Dispose()
    {
        lock (_reopening)
        {
            var last = _current;
            last.Retired = true;
            last.Engine?.Dispose();
        }
        _threads.Dispose();
    }

    private T Write<T>(Func<LiteEngine, T> write)
    {
        if (_threads.Value!.InTransaction)
        {
            return Use(write);
        }
        BeginTrans();
        try
        {
            var result = Use(write);
            Commit();
            return result;
        }
        catch
        {
            try
            {
                Rollback();
            }
            catch (Exception rollbackFailure)
            {
                LogRollbackFailed(rollbackFailure);
            }
            throw;
        }
    }

    private T Use<T>(Func<LiteEngine, T> call)
    {
        var generation = Enter();
        try
        {
            return Call(generation, call);
        }
        finally
        {
            Exit();
        }
    }

    private T Call<T>(Generation generation, Func<LiteEngine, T> call)
    {
        try
        {
            return call(generation.Engine!);
        }
        catch (Exception ex) when (generation.Retired && ex is not ChatCommerceException)
        {
            // The engine was closed under this call because another call broke it.
            throw Unavailable(ex);
        }
        catch (Exception ex) when (StorageFailures.BreaksEngine(ex))
        {
            if (generation.Break(ex))
            {
                LogBroken(ex);
            }
            throw;
        }
    }

    // A lease on the current engine for this thread; nested calls (inside a transaction or a query) share it.
    private Generation Enter()
    {
        var use = _threads.Value!;
        if (use.Depth > 0)
        {
            use.Depth++;
            return use.Generation!;
        }
        while (true)
        {
            var generation = _current;
            if (generation.BrokenBy is { } cause)
            {
                Reopen(generation);
                var next = _current;
                if (next == generation || next.Engine is null)
                {
                    throw Unavailable(next.BrokenBy ?? cause);
                }
                continue;
            }
            Interlocked.Increment(ref generation.Users);
            if (generation.Retired)
            {
                Leave(generation);
                continue;
            }
            use.Generation = generation;
            use.Depth = 1;
            return generation;
        }
    }

    private void Exit()
    {
        var use = _threads.Value!;
        if (--use.Depth > 0)
        {
            return;
        }
        var generation = use.Generation!;
        use.Generation = null;
        Leave(generation);
        // The call that broke the engine replaces it before it answers, so the next call finds a working one.
        if (generation.BrokenBy is not null)
        {
            Reopen(generation);
        }
    }

    private static void Leave(Generation generation)
    {
        if (Interlocked.Decrement(ref generation.Users) == 0 && generation.Retired)
        {
            lock (generation)
            {
                Monitor.PulseAll(generation);
            }
        }
    }

    private void Reopen(Generation broken)
    {
        lock (_reopening)
        {
            if (_current != broken || broken.Engine is null && _time.GetUtcNow() - _lastFailedOpen < ReopenBackoff)
            {
                return;
            }
            broken.Retired = true;
            if (broken.Engine is { } engine)
            {
                LogReopening(broken.BrokenBy?.Message);
                // Close first: calls still inside then fail instead of waiting out LiteDB's lock timeout,
                // and none of them can write once its files are closed. A new engine may only open the
                // files when the old one is gone (two engines on one file in direct mode corrupt it).
                try
                {
                    engine.Dispose();
                }
                catch (Exception ex)
                {
                    LogCloseFailed(ex);
                }
                WaitUntilIdle(broken);
            }
            try
            {
                _current = new Generation(_open());
                Interlocked.Increment(ref _reopens);
                LogReopened();
            }
            catch (Exception ex)
            {
                _lastFailedOpen = _time.GetUtcNow();
                _current = new Generation(null, ex);
                LogReopenFailed(ex);
            }
        }
    }

    // Waiting for other threads, not time logic: a bounded wait on real time.
    private void WaitUntilIdle(Generation retired)
    {
        var waited = Stopwatch.StartNew();
        lock (retired)
        {
            while (Volatile.Read(ref retired.Users) > 0)
            {
                var left = DrainPatience - waited.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    LogStillInside(Volatile.Read(ref retired.Users));
                    return;
                }
                Monitor.Wait(retired, left);
            }
        }
    }

    private static StorageUnavailableException Unavailable(Exception cause) =>
        new("The database failed and is being reopened; the request was not applied.", cause);

    /// <summary>A query's reader keeps its lease until it is disposed, so its engine is not closed under it.</summary>
    private sealed class LeasedReader(RecoveringLiteEngine owner, Generation generation, IBsonDataReader inner) : IBsonDataReader
    {
        private bool _disposed;

        public BsonValue this[string field] => inner[field];

        public string Collection => inner.Collection;

        public BsonValue Current => inner.Current;

        public bool HasValues => inner.HasValues;

        public bool Read() => owner.Call(generation, _ => inner.Read());

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            try
            {
                inner.Dispose();
            }
            finally
            {
                owner.Exit();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "LiteDB engine broke; it will be closed and reopened")]
    private partial void LogBroken(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reopening the database ({Cause})")]
    private partial void LogReopening(string? cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database reopened")]
    private partial void LogReopened();

    [LoggerMessage(Level = LogLevel.Error, Message = "Database could not be reopened; calls fail until it can")]
    private partial void LogReopenFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the broken LiteDB engine failed")]
    private partial void LogCloseFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls were still inside the broken engine when it was replaced")]
    private partial void LogStillInside(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back a failed write failed")]
    private partial void LogRollbackFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index {Name} on {Collection} was not created: {Reason}")]
    private partial void LogIndexSkipped(string collection, string name, string reason);
}
