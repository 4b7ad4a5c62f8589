using System.ClientModel;
using System.ClientModel.Primitives;
using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Recommendations;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace ChatCommerce.BotServer.Llm;

/// <summary>
/// Lets an OpenAI-compatible model choose which chat feature answers an addressed message the
/// offline parser is unsure of (`none`, or below <see cref="LlmOptions.ConfidenceThreshold"/>).
/// The model only picks a function of <see cref="ShoppingPlugin"/>; what the chat shows is that
/// feature's reply, with at most one short line of the model's own in front. No answer in time,
/// an HTTP error, a malformed tool call or a reply that chose no feature: null, and the offline
/// answer stands.
/// </summary>
public sealed partial class LlmFallbackResponder : IFallbackResponder
{
    // One request to choose a function, one for the closing line, one spare for a model that
    // calls a function again; more is a model going in circles.
    private const int MaxModelRequests = 3;
    private const int MaxLeadLength = 120;

    private readonly LlmOptions _options;
    private readonly IChatCompletionService _chat;
    private readonly CatalogManager _catalog;
    private readonly Recommender _recommender;
    private readonly GiftDialogue _gifts;
    private readonly ChatPicks _picks;
    private readonly GroupBuys.GroupBuyChat _groupBuys;
    private readonly TimeProvider _time;
    private readonly ILogger<LlmFallbackResponder> _logger;

    private static readonly OpenAIPromptExecutionSettings Settings = new()
    {
        // Functions are invoked here, one at a time, so a malformed call ends the attempt
        // instead of being argued about with the model.
        FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false),
    };

    public LlmFallbackResponder(
        IOptions<LlmOptions> options,
        IHttpClientFactory httpClients,
        CatalogManager catalog,
        Recommender recommender,
        GiftDialogue gifts,
        ChatPicks picks,
        GroupBuys.GroupBuyChat groupBuys,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _options = options.Value;
        var client = new OpenAIClient(new ApiKeyCredential(_options.ApiKey), new OpenAIClientOptions
        {
            Endpoint = _options.Endpoint,
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(LlmOptions.SectionName)),
            // A retry after a back-off only spends the turn's time budget; the offline answer is better.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
        _chat = new OpenAIChatCompletionService(_options.Model, client, loggers);
        _catalog = catalog;
        _recommender = recommender;
        _gifts = gifts;
        _picks = picks;
        _groupBuys = groupBuys;
        _time = time;
        _logger = loggers.CreateLogger<LlmFallbackResponder>();
    }

    public async ValueTask<IReadOnlyList<OutgoingReply>?> TryRespondAsync(Turn turn, CancellationToken ct)
    {
        if (!IsUnsure(turn.Intent) || string.IsNullOrWhiteSpace(turn.Message.Text))
        {
            return null;
        }
        var plugin = new ShoppingPlugin(turn, _catalog, _recommender, _gifts, _picks, _groupBuys);
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(plugin, ShoppingPlugin.Name);
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        string? closingText = null;
        try
        {
            closingText = await ConverseAsync(kernel, plugin, turn, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogTimedOut(_options.Timeout, turn.Message.MerchantId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The LLM path is optional: whatever goes wrong there, the chat still gets an answer.
            LogFailed(e, turn.Message.MerchantId);
        }
        if (plugin.Replies is not { Count: > 0 } replies)
        {
            return null;
        }
        LogAnswered(plugin.ChosenFunction, turn.Message.MerchantId);
        return Lead(closingText) is { } lead
            ? [replies[0] with { Text = lead + "\n" + replies[0].Text }, .. replies.Skip(1)]
            : replies;
    }

    private bool IsUnsure(IntentResult intent) => intent.Intent == IntentNames.None || intent.Confidence < _options.ConfidenceThreshold;

    /// <returns>The model's closing text, or null when there is none to use.</returns>
    private async Task<string?> ConverseAsync(Kernel kernel, ShoppingPlugin plugin, Turn turn, CancellationToken ct)
    {
        var history = new ChatHistory(SystemPrompt(turn.Language));
        history.AddUserMessage(turn.Message.Text);
        for (var request = 0; request < MaxModelRequests; request++)
        {
            var reply = await _chat.GetChatMessageContentAsync(history, Settings, kernel, ct);
            var calls = FunctionCallContent.GetFunctionCalls(reply).ToList();
            if (calls.Count == 0)
            {
                if (plugin.Replies is null)
                {
                    LogNoFeatureChosen(turn.Message.MerchantId);
                }
                return reply.Content;
            }
            history.Add(reply);
            foreach (var call in calls)
            {
                if (call.Exception is not null || !kernel.Plugins.TryGetFunction(call.PluginName, call.FunctionName, out _))
                {
                    LogMalformedToolCall(call.PluginName, call.FunctionName, call.Exception?.Message ?? "no such function", turn.Message.MerchantId);
                    return null;
                }
                var result = await call.InvokeAsync(kernel, ct);
                history.Add(result.ToChatMessage());
            }
        }
        return null;
    }

    // The closing line may introduce the feature's reply; anything longer would restate (or
    // invent) the list the feature already shows from the catalog.
    private static string? Lead(string? text)
    {
        var lead = text?.Trim();
        return string.IsNullOrEmpty(lead) || lead.Length > MaxLeadLength || lead.Contains('\n') ? null : lead;
    }

    private static string SystemPrompt(string language) =>
        $"""
        You are the shopping assistant of one shop, talking in a group chat. Answer the user's
        message by calling exactly one of the functions: they search the shop's catalog, recommend
        products, pick gifts, and start, join or check group buys (拼团). Pass prices in yuan.
        The chat shows the function's result to the user as it is, so never list, name or price
        products yourself. After the result, reply with at most one short sentence in
        {(language == "en" ? "English" : "Chinese")} to introduce it, or with nothing.
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM chose {Function} for merchant {MerchantId}")]
    private partial void LogAnswered(string? function, string merchantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM did not finish within {Timeout} for merchant {MerchantId}")]
    private partial void LogTimedOut(TimeSpan timeout, string merchantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request failed for merchant {MerchantId}")]
    private partial void LogFailed(Exception exception, string merchantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM made a malformed tool call {Plugin}-{Function} ({Problem}) for merchant {MerchantId}")]
    private partial void LogMalformedToolCall(string? plugin, string function, string problem, string merchantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM chose no feature for merchant {MerchantId}; using the offline answer")]
    private partial void LogNoFeatureChosen(string merchantId);
}
