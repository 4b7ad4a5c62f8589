using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Storage;

/// <summary>Folds the `-log.db` file into the data file periodically so it does not grow without bound.</summary>
public sealed partial class LiteDbCheckpointer(
    LiteDbContext db, IOptions<StorageOptions> options, TimeProvider time, ILogger<LiteDbCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    db.Checkpoint();
                }
                // Never let a checkpoint failure stop the host (a BackgroundService exception does):
                // after a full disk LiteDB can throw lock errors here too.
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckpointFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LiteDB checkpoint failed; will retry")]
    private partial void LogCheckpointFailed(Exception ex);
}
