using ChatCommerce.BotServer.Errors;
using LiteDB;

namespace ChatCommerce.BotServer.Storage;

/// <summary>Tells storage failures apart: a full disk, and failures after which a LiteDB engine must be reopened.</summary>
public static class StorageFailures
{
    private const int NoSpaceLeftOnDevice = 28; // ENOSPC
    private const int DiskFullWindows = unchecked((int)0x80070070); // ERROR_DISK_FULL

    /// <summary>The free-space check refused the write, or the file system answered "no space left" somewhere down the chain.</summary>
    public static bool IsDiskFull(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is StorageFullException
                || e is IOException io && (io.HResult is NoSpaceLeftOnDevice or DiskFullWindows
                    || io.Message.Contains("No space left on device", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether a LiteDB engine that threw this can no longer be trusted. LiteDB 5.0.21 closes itself after
    /// an <see cref="IOException"/> inside an automatic transaction (every later call rethrows it), and
    /// after one in an explicit commit it keeps the transaction's locks and half-changed header in
    /// memory; an engine that closed itself answers "disposed" or "invalid datafile state".
    /// </summary>
    public static bool BreaksEngine(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is IOException or ObjectDisposedException
                || e is LiteException { ErrorCode: LiteException.ENGINE_DISPOSED or LiteException.INVALID_DATAFILE_STATE })
            {
                return true;
            }
        }
        return false;
    }
}
