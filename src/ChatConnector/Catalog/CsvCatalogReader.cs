using System.Globalization;
using ChatCommerce.Contracts.V1;
using CsvHelper;

namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>A catalog column: its header name and what it holds, for the command's help.</summary>
public sealed record CsvColumn(string Name, string Help);

/// <summary>
/// Reads products from a comma-separated UTF-8 file with a header row (RFC 4180 quoting, so a
/// description may hold commas, quotes and line breaks). Rows are numbered by the line they start on.
/// </summary>
public sealed class CsvCatalogReader : ICatalogReader
{
    public const string DefaultCurrency = "CNY";

    private const char ListSeparator = '|';

    /// <summary>Every column the reader knows, in the order a template would list them.</summary>
    public static IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("product_id", "required; the SKU: 1-64 letters, digits, '-', '_' or '.'"),
        new("title", "required unless title_zh or title_en is given; the display title"),
        new("title_zh", "Chinese title"),
        new("title_en", "English title"),
        new("description", "free text; quote it when it holds commas, quotes or line breaks"),
        new("brand", "as shown, e.g. 索尼 Sony"),
        new("category_path", "required; slugs from the top, separated by '/', e.g. electronics/headphones"),
        new("tags", "separated by '|', e.g. 降噪|wireless|gift"),
        new("aliases", "other names people use, separated by '|', e.g. 豆子|airpods"),
        new("attributes", "key=value pairs separated by '|', e.g. 颜色=白色|续航=42小时"),
        new("price", "required; the unit price with a dot, e.g. 199.9"),
        new("currency", $"ISO 4217 code for price and group_prices; empty means {DefaultCurrency}"),
        new("group_prices", "team_size:price pairs separated by '|', e.g. 2:158.9|3:149"),
        new("stock", "units available, a whole number; empty means 0"),
        new("image_url", "a picture of the product"),
        new("active", "true or false; empty means true"),
        new("sales_count", "units sold so far, a whole number; empty means 0"),
    ];

    private static readonly string[] TitleColumns = ["title", "title_zh", "title_en"];
    private static readonly string[] OtherRequiredColumns = ["category_path", "price"];

    private readonly CsvReader _reader;
    private readonly Dictionary<string, int> _columnIndex;
    private readonly int _columnCount;
    private readonly Dictionary<long, CsvMalformedReason> _malformed;

    private CsvCatalogReader(CsvReader reader, Dictionary<string, int> columnIndex, int columnCount, Dictionary<long, CsvMalformedReason> malformed)
    {
        _reader = reader;
        _columnIndex = columnIndex;
        _columnCount = columnCount;
        _malformed = malformed;
    }

    public string RowNoun => "row";

    /// <summary>Reads and checks the header now, so a file with unknown or missing columns fails before anything is sent.</summary>
    /// <param name="utf8">The file's bytes, with or without a byte order mark.</param>
    /// <exception cref="CatalogFileException">The header is missing, repeats a column, names unknown columns or lacks required ones.</exception>
    public static CsvCatalogReader Open(ReadOnlyMemory<byte> utf8)
    {
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            // Detection could pick ';' or '|' from the data; the format is documented as comma-separated.
            Separator = ',',
            DetectSeparatorHint = false,
            TrackLineNumbers = true,
            OnMalformedRecord = record => malformed.TryAdd(record.RecordNumber, record.Reason),
        };
        var reader = CsvReader.Create(utf8, options);
        try
        {
            reader.ReadHeader();
            var columnIndex = IndexColumns(reader.Headers);
            return new CsvCatalogReader(reader, columnIndex, reader.Headers.Count, malformed);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public IEnumerable<CatalogRow> ReadRows()
    {
        while (_reader.Read())
        {
            if (IsBlank())
            {
                continue;
            }
            yield return ReadRow();
        }
    }

    public void Dispose() => _reader.Dispose();

    private static Dictionary<string, int> IndexColumns(IReadOnlyList<string> headers)
    {
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            throw new CatalogFileException($"has no header row. The first line must name the columns, e.g. {string.Join(',', Columns.Select(c => c.Name))}");
        }
        var known = Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var repeated = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = (headers[i] ?? "").Trim().ToLowerInvariant();
            if (!known.Contains(name))
            {
                unknown.Add(name.Length == 0 ? $"(empty, column {i + 1})" : $"'{headers[i]}'");
            }
            else if (!index.TryAdd(name, i))
            {
                repeated.Add(name);
            }
        }
        var problems = new List<string>();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown columns {string.Join(", ", unknown)}");
        }
        if (repeated.Count > 0)
        {
            problems.Add($"repeated columns {string.Join(", ", repeated)}");
        }
        var missing = new List<string>();
        if (!index.ContainsKey("product_id"))
        {
            missing.Add("product_id");
        }
        if (!TitleColumns.Any(index.ContainsKey))
        {
            missing.Add("title (or title_zh or title_en)");
        }
        missing.AddRange(OtherRequiredColumns.Where(c => !index.ContainsKey(c)));
        if (missing.Count > 0)
        {
            problems.Add($"missing required columns {string.Join(", ", missing)}");
        }
        if (problems.Count > 0)
        {
            throw new CatalogFileException($"has {string.Join("; ", problems)}. The columns are: {string.Join(", ", Columns.Select(c => c.Name))}.");
        }
        return index;
    }

    /// <summary>Spreadsheets save trailing rows of bare commas; those are not products.</summary>
    private bool IsBlank()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            if (!string.IsNullOrWhiteSpace(_reader.GetString(i)))
            {
                return false;
            }
        }
        return true;
    }

    private string Cell(string column) =>
        _columnIndex.TryGetValue(column, out var i) && i < _reader.FieldCount ? (_reader.GetString(i) ?? "").Trim() : "";

    private CatalogRow ReadRow()
    {
        var line = checked((int)_reader.LineNumber);
        var productId = Cell("product_id");
        // The header is record 1, so data row n is record n + 1.
        if (_malformed.Remove(_reader.RowNumber + 1, out var quoting))
        {
            return CatalogRow.Malformed(line, productId, Describe(quoting));
        }
        if (_reader.FieldCount != _columnCount)
        {
            return CatalogRow.Malformed(line, productId,
                $"has {_reader.FieldCount} values but the header has {_columnCount} columns (a value with a comma needs \"quotes\")");
        }

        var errors = new List<string>();
        var currency = Cell("currency") is { Length: > 0 } code ? code : DefaultCurrency;
        var product = new Product
        {
            ProductId = productId,
            Title = Cell("title"),
            TitleZh = Cell("title_zh"),
            TitleEn = Cell("title_en"),
            Description = Cell("description"),
            Brand = Cell("brand"),
            CategoryPath = { SplitPath(Cell("category_path")) },
            Tags = { SplitList(Cell("tags")) },
            Aliases = { SplitList(Cell("aliases")) },
            Stock = WholeNumber("stock", errors),
            ImageUrl = Cell("image_url"),
            SalesCount = WholeNumber("sales_count", errors),
        };
        ReadAttributes(product, errors);
        var price = Cell("price");
        if (price.Length == 0)
        {
            errors.Add("price: must not be empty");
        }
        else if (CatalogMoney.TryParse(price, out var amount, out var problem))
        {
            product.Price = CatalogMoney.ToMoney(amount, currency);
        }
        else
        {
            errors.Add($"price: {problem}");
        }
        ReadGroupPrices(product, currency, errors);
        switch (Cell("active").ToLowerInvariant())
        {
            case "":
                break;
            case "true":
                product.Active = true;
                break;
            case "false":
                product.Active = false;
                break;
            case var other:
                errors.Add($"active: '{other}' must be true, false or empty");
                break;
        }

        return errors.Count == 0 ? CatalogRow.Read(line, product) : CatalogRow.Malformed(line, productId, string.Join("; ", errors));
    }

    private int WholeNumber(string column, List<string> errors)
    {
        var text = Cell(column);
        if (text.Length == 0)
        {
            return 0;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add($"{column}: '{text}' is not a whole number");
        return 0;
    }

    private void ReadAttributes(Product product, List<string> errors)
    {
        foreach (var pair in SplitList(Cell("attributes")))
        {
            var equals = pair.IndexOf('=');
            var key = equals > 0 ? pair[..equals].Trim() : "";
            if (key.Length == 0)
            {
                errors.Add($"attributes: '{pair}' is not key=value, e.g. 颜色=白色");
            }
            else if (!product.Attributes.TryAdd(key, pair[(equals + 1)..].Trim()))
            {
                errors.Add($"attributes: '{key}' appears twice");
            }
        }
    }

    private void ReadGroupPrices(Product product, string currency, List<string> errors)
    {
        foreach (var tier in SplitList(Cell("group_prices")))
        {
            var colon = tier.IndexOf(':');
            if (colon <= 0 || !int.TryParse(tier[..colon].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var teamSize))
            {
                errors.Add($"group_prices: '{tier}' is not team_size:price, e.g. 2:158.9");
            }
            else if (!CatalogMoney.TryParse(tier[(colon + 1)..].Trim(), out var amount, out var problem))
            {
                errors.Add($"group_prices: {problem}");
            }
            else
            {
                product.GroupPriceTiers.Add(new PriceTier { MinTeamSize = teamSize, Price = CatalogMoney.ToMoney(amount, currency) });
            }
        }
    }

    private static IEnumerable<string> SplitList(string cell) =>
        cell.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    // Empty elements ("a//b") are kept so the BotServer's category rule reports them rather than the path silently changing.
    private static IEnumerable<string> SplitPath(string cell) =>
        cell.Length == 0 ? [] : cell.Split('/', StringSplitOptions.TrimEntries);

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "broken quoting: a quote inside an unquoted value (put the whole value in quotes and double the quotes inside it)",
        CsvMalformedReason.TextAfterClosingQuote => "broken quoting: text after a closing quote (double the quotes inside a quoted value: \"say \"\"hi\"\"\")",
        CsvMalformedReason.UnterminatedQuote => "broken quoting: a quote that is never closed, so the rest of the file was read as part of this row",
        _ => $"broken quoting ({reason})",
    };
}
