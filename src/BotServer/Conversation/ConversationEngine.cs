using ChatCommerce.BotServer.Intents;
using Microsoft.Extensions.Caching.Memory;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// One message in, the bot's replies out: parse → decide whether it is for the bot → the
/// handler for its intent. A message seen again (same merchant, group and message id, e.g. a
/// connector re-sending after a reconnect) gets the same answer without being handled twice.
/// </summary>
public sealed class ConversationEngine : IDisposable
{
    private const int RememberedMessages = 50_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(30);

    private readonly IIntentParser _parser;
    private readonly GroupContextStore _groups;
    private readonly Dictionary<string, IIntentHandler> _handlers;
    private readonly IPendingDialogue[] _dialogues;
    private readonly IFallbackResponder[] _fallbacks;
    private readonly MemoryCache _answered = new(new MemoryCacheOptions { SizeLimit = RememberedMessages });

    public ConversationEngine(IIntentParser parser, GroupContextStore groups, IEnumerable<IIntentHandler> handlers, IEnumerable<IPendingDialogue> dialogues,
        IEnumerable<IFallbackResponder> fallbacks)
    {
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
        if (_answered.TryGetValue(key, out ConversationResult? earlier))
        {
            return earlier!;
        }
        var intent = _parser.Parse(message.Text, new ParseContext(message.MerchantId, null, message.Platform, message.GroupId));
        IReadOnlyList<OutgoingReply> replies = [];
        if (IsForTheBot(message))
        {
            var group = _groups.For(message.MerchantId, message.Platform, message.GroupId);
            group.LastLanguage = intent.Language;
            group.Remember(new TurnRecord(message.UserId, message.Text, intent.Intent, intent.Language, message.SentAt));
            var turn = new Turn(message, intent, group);
            if (_dialogues.FirstOrDefault(d => d.Answers(turn)) is { } dialogue)
            {
                replies = await dialogue.ContinueAsync(turn, cancellationToken);
            }
            else if (await FallbackAsync(turn, cancellationToken) is { } fallback)
            {
                replies = fallback;
            }
            else if (_handlers.TryGetValue(intent.Intent, out var handler))
            {
                replies = await handler.HandleAsync(turn, cancellationToken);
            }
        }
        var result = new ConversationResult(replies, intent);
        _answered.Set(key, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RememberFor });
        return result;
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

    // Groups answer only messages addressed to the bot until per-group reply modes exist: a bot
    // that answers ordinary chatter gets removed from the group.
    private static bool IsForTheBot(IncomingMessage message) => message.MentionsBot;

    public void Dispose() => _answered.Dispose();
}
