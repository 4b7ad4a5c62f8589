using LiteDB;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Storage;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process (direct mode: a second instance on the same
/// file would corrupt it). Stores take it from DI; nothing else opens the file.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    // LiteDB allows at most 100 open transactions; past that it throws. Gate writers below it.
    private readonly SemaphoreSlim _writeGate = new(64, 64);

    public LiteDbContext(IOptions<StorageOptions> options)
    {
        var path = options.Value.DatabasePath;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // LiteDB's defaults would store "" as null and trim text; keep values exactly as written.
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        Database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, mapper)
        {
            UtcDate = true,
        };
        CreateCollections();
    }

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
                Database.Rollback();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Checkpoint() => Database.Checkpoint();

    public void Dispose() => Database.Dispose();
}
