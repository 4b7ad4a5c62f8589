using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatCommerce.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ChatCommerce.ChatConnector.Parsing;

/// <summary>What became of one input line: its parsed intent, or why there is none.</summary>
public abstract record ParseOutcome
{
    /// <summary>The outcome as one line of JSON (no line break).</summary>
    public abstract string ToJsonLine();
}

/// <summary>The BotServer parsed the line.</summary>
public sealed record IntentParsed(ParsedIntent Intent) : ParseOutcome
{
    // Every field, defaults included ("entities": [], "start": 0), so scripts need not guess them.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>The contract's JSON form, lowerCamelCase: {"intent": ..., "confidence": ..., "language": ..., "entities": [...]}.</summary>
    public override string ToJsonLine() => Formatter.Format(Intent);
}

/// <summary>
/// The line was not parsed: it was not a JSON object with a "text" string (<paramref name="Code"/>
/// null), or the BotServer refused it (<paramref name="Code"/> its gRPC status).
/// </summary>
public sealed record LineFailed(string Error, StatusCode? Code = null) : ParseOutcome
{
    // Like the protobuf formatter: quotes as \" and Chinese as itself, not \u0022 and \u4E2D (this is not HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"error": "...", "code": "InvalidArgument"}</c>, without "code" for a line that could not be read.</summary>
    public override string ToJsonLine()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", Error);
            if (Code is { } code)
            {
                json.WriteString("code", code.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
