using System.Text.Json;
using ChatCommerce.Contracts.V1;
using Google.Protobuf;

namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>
/// Reads a JSON array of products in the contract's JSON form (lowerCamelCase, as the demo
/// catalog is written). Each element is parsed on its own, so one bad element does not stop the rest.
/// </summary>
public sealed class JsonCatalogReader : ICatalogReader
{
    // The default settings refuse unknown fields: a misspelt "prise" must not import a product without its price.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    private readonly JsonDocument _document;

    private JsonCatalogReader(JsonDocument document) => _document = document;

    public string RowNoun => "element";

    /// <param name="utf8">The file's bytes, with or without a byte order mark.</param>
    /// <exception cref="CatalogFileException">The content is not JSON, or not an array.</exception>
    public static JsonCatalogReader Open(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CatalogFileException($"is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new CatalogFileException("must hold a JSON array of products: [ { \"productId\": ... }, ... ]");
        }
        return new JsonCatalogReader(document);
    }

    public IEnumerable<CatalogRow> ReadRows()
    {
        var position = 0;
        foreach (var element in _document.RootElement.EnumerateArray())
        {
            position++;
            yield return ReadElement(position, element);
        }
    }

    public void Dispose() => _document.Dispose();

    private static CatalogRow ReadElement(int position, JsonElement element)
    {
        try
        {
            return CatalogRow.Read(position, Parser.Parse<Product>(element.GetRawText()));
        }
        catch (InvalidProtocolBufferException e)
        {
            return CatalogRow.Malformed(position, ProductIdOf(element), e.Message);
        }
        catch (InvalidJsonException e)
        {
            return CatalogRow.Malformed(position, ProductIdOf(element), e.Message);
        }
    }

    private static string ProductIdOf(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (string[])["productId", "product_id"])
            {
                if (element.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String)
                {
                    return id.GetString()!;
                }
            }
        }
        return "";
    }
}
