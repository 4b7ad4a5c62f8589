using System.ComponentModel.DataAnnotations;

namespace ChatCommerce.BotServer.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder holding the LiteDB file and the generated key files.</summary>
    [Required]
    public string Directory { get; set; } = "./data";

    /// <summary>How often the LiteDB log is folded into the data file, so `-log.db` stays small.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Writes are refused (RESOURCE_EXHAUSTED, DISK_FULL) while the data volume has less free space
    /// than this, so LiteDB seldom runs out in the middle of a transaction. 0 turns the check off.
    /// The default leaves room for a checkpoint (LiteDB folds its log at about 8 MB) and a large batch.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long MinFreeBytes { get; set; } = 16L << 20;

    public string DatabasePath => Path.Combine(Path.GetFullPath(Directory), "chatcommerce.db");
}
