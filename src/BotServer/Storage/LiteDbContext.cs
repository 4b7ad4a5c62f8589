using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Storage;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process (direct mode: a second instance on the same
/// file would corrupt it). Stores take it from DI; nothing else opens the file. Its engine is a
/// <see cref="RecoveringLiteEngine"/>: writes are refused while the data volume is nearly full, and
/// an engine broken by a failed write (a full disk) is replaced without the stores noticing.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    // LiteDB allows at most 100 open transactions; past that it throws. Gate writers below it.
    private readonly SemaphoreSlim _writeGate = new(64, 64);

    private readonly RecoveringLiteEngine _engine;

    public LiteDbContext(IOptions<StorageOptions> options, ILogger<LiteDbContext>? logger = null, TimeProvider? time = null)
    {
        var path = options.Value.DatabasePath;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Room = new FreeSpaceGuard(Path.GetDirectoryName(path)!, options.Value.MinFreeBytes);
        // Direct mode, LiteDB's defaults otherwise (what `new LiteDatabase(connectionString)` opens).
        _engine = new RecoveringLiteEngine(
            () => new LiteEngine(new EngineSettings { Filename = path }), Room, time ?? TimeProvider.System,
            (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        // LiteDB's defaults would store "" as null and trim text; keep values exactly as written.
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        Database = new LiteDatabase(_engine, mapper)
        {
            UtcDate = true,
        };
        CreateCollections();
    }

    /// <summary>The free-space check every write passes first.</summary>
    public FreeSpaceGuard Room { get; }

    /// <summary>How many times a broken LiteDB engine was replaced since start.</summary>
    public int Reopens => _engine.Reopens;

    /// <summary>Every collection the features use. Created up front: see <see cref="CreateCollections"/>.</summary>
    public static readonly IReadOnlyList<string> CollectionNames =
    [
        "merchants", "api_keys", "products", "gift_priors", "group_settings", "reply_rules",
        "signal_group_products", "signal_product_pairs", "signal_user_products",
        "group_buys", "orders", "group_buy_events", "group_buy_requests", "counters",
    ];

    // LiteDB 5.0.21 can fail a read of a collection that another transaction is creating at that
    // moment ("ENSURE: page type must be collection page", litedb-org/LiteDB#2792). Creating every
    // collection here, before any concurrent use, closes that window.
    private void CreateCollections()
    {
        foreach (var name in CollectionNames.Where(name => !Database.CollectionExists(name)))
        {
            var collection = Database.GetCollection(name);
            collection.Insert(new BsonDocument { ["_id"] = "__created" });
            collection.Delete("__created");
        }
    }

    public LiteDatabase Database { get; }

    public ILiteCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    /// <summary>
    /// Runs one whole business step in a transaction. LiteDB binds a transaction to the calling
    /// thread, so the step is synchronous: no await may happen inside it.
    /// </summary>
    public T InTransaction<T>(Func<T> step)
    {
        _writeGate.Wait();
        try
        {
            Database.BeginTrans();
            try
            {
                var result = step();
                Database.Commit();
                return result;
            }
            catch
            {
                // The step's own failure is the one to report; a rollback that fails as well (the
                // engine broke) leaves the transaction to the engine's replacement.
                try
                {
                    Database.Rollback();
                }
                catch (Exception rollbackFailure) when (StorageFailures.BreaksEngine(rollbackFailure) || rollbackFailure is Errors.StorageUnavailableException)
                {
                }
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Folds the log into the data file. Skipped while the volume is nearly full: the data file may
    /// have to grow first, and writes are refused then anyway, so the log does not grow.
    /// </summary>
    public bool Checkpoint()
    {
        if (!Room.HasRoom)
        {
            return false;
        }
        Database.Checkpoint();
        return true;
    }

    public void Dispose() => Database.Dispose();
}
