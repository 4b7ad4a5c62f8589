using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Intents;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// One message in, the bot's replies out: parse → decide whether it is for the bot (see
/// <see cref="Addressing"/>; the group's reply mode and language come from its settings, read per
/// message so a change applies at once) → an open dialogue, the optional LLM, or the handler for
/// its intent. A message seen again (same merchant, group and message id, e.g. a
/// connector re-sending after a reconnect) gets the same answer without being handled twice.
/// </summary>
public sealed partial class ConversationEngine
{
    private const int RememberedMessages = 50_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(30);

    private readonly IIntentParser _parser;
    private readonly GroupContextStore _groups;
    private readonly Dictionary<string, IIntentHandler> _handlers;
    private readonly IPendingDialogue[] _dialogues;
    private readonly IFallbackResponder[] _fallbacks;
    private readonly IOverrideResponder[] _overrides;
    private readonly GroupDirectory _directory;
    private readonly ChatOptions _options;
    private readonly ReplyBudget _budget;
    private readonly ILogger<ConversationEngine> _logger;
    private readonly TimeProvider _time;

    // The last messages answered, so a re-sent one gets the same answer: a bounded LRU (no
    // compaction pass over all entries when full), an answer older than RememberFor is not reused.
    private readonly ConcurrentLru<(string, string, string, string), Answered> _answered = new(RememberedMessages);

    public ConversationEngine(IIntentParser parser, GroupContextStore groups, IEnumerable<IIntentHandler> handlers, IEnumerable<IPendingDialogue> dialogues,
        IEnumerable<IFallbackResponder> fallbacks, IEnumerable<IOverrideResponder> overrides, GroupDirectory directory, IOptions<ChatOptions> options,
        ReplyBudget budget, TimeProvider time, ILogger<ConversationEngine> logger)
    {
        _time = time;
        _budget = budget;
        _logger = logger;
        _overrides = overrides.ToArray();
        _directory = directory;
        _options = options.Value;
        _dialogues = dialogues.ToArray();
        _fallbacks = fallbacks.ToArray();
        _parser = parser;
        _groups = groups;
        _handlers = handlers
            .SelectMany(h => h.Intents.Select(intent => (intent, h)))
            .ToDictionary(x => x.intent, x => x.h, StringComparer.Ordinal);
    }

    public async ValueTask<ConversationResult> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        MessageRules.Check(message);
        var key = (message.MerchantId, message.Platform, message.GroupId, message.MessageId);
        if (_answered.TryGet(key, out var earlier) && _time.GetUtcNow() - earlier.At < RememberFor)
        {
            return earlier.Result;
        }
        var settings = _directory.Get(message.MerchantId, message.Platform, message.GroupId);
        var language = settings.Language.Length == 0 ? null : settings.Language;
        var group = _groups.For(message.MerchantId, message.Platform, message.GroupId);
        // "+1", "👍", "2": no words to tell the language by, so answer in the one the sender (or the group) used last.
        language ??= HasNoLetters(message.Text) ? group.LanguageOf(message.UserId) ?? group.LastLanguage : null;
        var intent = _parser.Parse(message.Text, new ParseContext(message.MerchantId, language, message.Platform, message.GroupId));
        var turn = new Turn(message, intent, group) { Settings = settings };
        var dialogue = _dialogues.FirstOrDefault(d => d.Answers(turn));
        var mode = settings.ModeAt(message.SentAt);
        var addressed = Addressing.IsForTheBot(message, intent, mode, dialogue is not null, _options.ProactiveConfidence);
        IReadOnlyList<OutgoingReply>? replies = null;
        if (dialogue is not null)
        {
            replies = await dialogue.ContinueAsync(turn, cancellationToken);
        }
        else if (addressed || mode == ReplyMode.Proactive)
        {
            replies = await OverrideAsync(turn, addressed, cancellationToken);
        }
        if (replies is null && addressed)
        {
            replies = await FallbackAsync(turn, cancellationToken)
                ?? (_handlers.TryGetValue(intent.Intent, out var handler) ? await handler.HandleAsync(turn, cancellationToken) : null);
        }
        if (addressed || replies is { Count: > 0 })
        {
            group.LastLanguage = intent.Language;
            group.Remember(new TurnRecord(message.UserId, message.Text, intent.Intent, intent.Language, message.SentAt));
        }
        replies ??= [];
        if (replies.Count > 0 && !_budget.TryTake(message.MerchantId, message.Platform, message.GroupId))
        {
            LogOverBudget(_logger, message.MerchantId, message.Platform, message.GroupId);
            replies = [];
        }
        var result = new ConversationResult(replies, intent);
        _answered.AddOrUpdate(key, new Answered(result, _time.GetUtcNow()));
        return result;
    }

    private static bool HasNoLetters(string text) => !text.Any(char.IsLetter);

    private async ValueTask<IReadOnlyList<OutgoingReply>?> OverrideAsync(Turn turn, bool addressed, CancellationToken cancellationToken)
    {
        foreach (var responder in _overrides)
        {
            if (await responder.TryRespondAsync(turn, addressed, cancellationToken) is { } replies)
            {
                return replies;
            }
        }
        return null;
    }

    // The optional responders (the LLM path) decide for themselves whether the parse is too unsure
    // to trust; null from all of them leaves the offline handler to answer.
    private async ValueTask<IReadOnlyList<OutgoingReply>?> FallbackAsync(Turn turn, CancellationToken cancellationToken)
    {
        foreach (var responder in _fallbacks)
        {
            if (await responder.TryRespondAsync(turn, cancellationToken) is { } replies)
            {
                return replies;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply budget of {MerchantId} {Platform}/{GroupId} is spent; staying quiet")]
    private static partial void LogOverBudget(ILogger logger, string merchantId, string platform, string groupId);

    private sealed record Answered(ConversationResult Result, DateTimeOffset At);
}
