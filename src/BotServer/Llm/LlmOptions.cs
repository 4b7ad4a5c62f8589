using System.ComponentModel.DataAnnotations;

namespace ChatCommerce.BotServer.Llm;

/// <summary>
/// The optional LLM path. Off (nothing registered, nothing required) unless `Llm:Endpoint` is set;
/// once it is, the rest is validated at start.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>
    /// Base URL of an OpenAI-compatible API, e.g. `https://api.openai.com/v1`; the chat request goes
    /// to `{Endpoint}/chat/completions`.
    /// </summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>The model name sent with every request.</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>Sent as a bearer token (any non-empty value for a local server that checks none).</summary>
    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>How long one turn may wait for the model (all its requests together) before the offline answer is used.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Addressed messages parsed as `none` or below this confidence go to the model.</summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; set; } = 0.6;

    internal static bool IsHttpUrl(Uri? endpoint) =>
        endpoint is { IsAbsoluteUri: true } && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps);
}
