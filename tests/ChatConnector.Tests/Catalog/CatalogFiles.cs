using System.Text;
using ChatCommerce.ChatConnector.Catalog;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

/// <summary>Catalog content for tests: readers over text, temp files, and the repository's own files.</summary>
internal static class CatalogFiles
{
    public const string Header = "product_id,title,title_zh,title_en,description,brand,category_path,tags,aliases,attributes,price,currency,group_prices,stock,image_url,active,sales_count";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static List<CatalogRow> ReadCsv(string text)
    {
        using var reader = CsvCatalogReader.Open(Encoding.UTF8.GetBytes(text));
        return reader.ReadRows().ToList();
    }

    public static List<CatalogRow> ReadJson(string text)
    {
        using var reader = JsonCatalogReader.Open(Encoding.UTF8.GetBytes(text));
        return reader.ReadRows().ToList();
    }

    /// <summary>Writes <paramref name="text"/> to a new temp file with that extension; the caller deletes it.</summary>
    public static string WriteTemp(string text, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():n}{extension}");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ChatCommerce.sln not found above " + AppContext.BaseDirectory);
    }
}
