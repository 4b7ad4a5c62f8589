using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Storage;

/// <summary>
/// Refuses a write before it starts when the data volume has less than <c>Storage:MinFreeBytes</c>
/// free, so LiteDB seldom meets ENOSPC in the middle of a transaction (a write that races the check
/// still can: <see cref="RecoveringLiteEngine"/> handles that).
/// </summary>
public sealed class FreeSpaceGuard(string directory, long minFreeBytes)
{
    public long MinFreeBytes { get; } = minFreeBytes;

    /// <summary>Bytes an unprivileged process may still write on the volume that holds the data directory (statvfs).</summary>
    public long FreeBytes => new DriveInfo(directory).AvailableFreeSpace;

    public bool HasRoom => MinFreeBytes <= 0 || FreeBytes >= MinFreeBytes;

    public void EnsureRoomToWrite()
    {
        if (MinFreeBytes <= 0)
        {
            return;
        }
        var free = FreeBytes;
        if (free < MinFreeBytes)
        {
            throw new StorageFullException(free, MinFreeBytes);
        }
    }
}
