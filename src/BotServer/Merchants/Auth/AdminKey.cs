using System.Security.Cryptography;
using ChatCommerce.BotServer.Storage;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Merchants.Auth;

/// <summary>
/// The bootstrap admin key: `Admin:ApiKey` when set; otherwise read from `admin.key` in the data
/// directory, generated there (owner-only) and printed once on the first start.
/// </summary>
public sealed partial class AdminKey
{
    public const string FileName = "admin.key";

    public AdminKey(IOptions<AdminOptions> admin, IOptions<StorageOptions> storage, ILogger<AdminKey> logger)
    {
        if (!string.IsNullOrWhiteSpace(admin.Value.ApiKey))
        {
            Value = admin.Value.ApiKey.Trim();
            return;
        }
        var path = Path.Combine(Path.GetFullPath(storage.Value.Directory), FileName);
        if (File.Exists(path))
        {
            Value = File.ReadAllText(path).Trim();
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Value = "cca_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        SecretFile.Write(path, Value);
        LogGenerated(logger, Value, path);
    }

    public string Value { get; }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated the admin API key {AdminKey} (saved to {Path}); it is printed only this once")]
    private static partial void LogGenerated(ILogger logger, string adminKey, string path);
}

internal static class SecretFile
{
    /// <summary>Writes a secret readable by the owner only.</summary>
    public static void Write(string path, string secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(secret);
    }
}

/// <summary>Makes the admin key at start (not at the first request), so a generated key is printed right away.</summary>
public sealed class AdminKeyBootstrap(AdminKey adminKey) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => string.IsNullOrEmpty(adminKey.Value)
        ? throw new InvalidOperationException("The admin key is empty.")
        : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
