using System.Text.Unicode;

namespace ChatCommerce.ChatConnector.Catalog;

public enum CatalogFormat
{
    Json,
    Csv,
}

/// <summary>Opens a catalog file with the reader for its format.</summary>
public static class CatalogFile
{
    /// <summary>The format a file's extension names (.json, .csv), or null.</summary>
    public static CatalogFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => CatalogFormat.Json,
        ".csv" => CatalogFormat.Csv,
        _ => null,
    };

    /// <exception cref="CatalogFileException">The file cannot be read or is not a catalog of that format.</exception>
    public static ICatalogReader Open(string path, CatalogFormat format)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogFileException($"cannot be read: {e.Message}");
        }
        return Open(content, format);
    }

    /// <exception cref="CatalogFileException">The content is not a catalog of that format.</exception>
    public static ICatalogReader Open(ReadOnlyMemory<byte> content, CatalogFormat format)
    {
        // Checked up front because a GBK export (the usual Excel default in China) would otherwise
        // import with every Chinese title turned into replacement characters.
        if (!Utf8.IsValid(content.Span))
        {
            throw new CatalogFileException(
                "is not UTF-8 text. Save it as UTF-8 (in Excel: \"CSV UTF-8\") or convert it, e.g. iconv -f GBK -t UTF-8 in.csv > out.csv.");
        }
        return format switch
        {
            CatalogFormat.Csv => CsvCatalogReader.Open(content),
            CatalogFormat.Json => JsonCatalogReader.Open(content),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }
}
