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

    public string DatabasePath => Path.Combine(Path.GetFullPath(Directory), "chatcommerce.db");
}
