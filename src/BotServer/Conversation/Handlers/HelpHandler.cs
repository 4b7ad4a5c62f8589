using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Conversation.Handlers;

public sealed class HelpHandler : IIntentHandler
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.Help];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<OutgoingReply>>([OutgoingReply.Plain(ReplyTexts.Help(turn.Language))]);
}

public sealed class SmallTalkHandler : IIntentHandler
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.Greet, IntentNames.Thanks];

    public ValueTask<IReadOnlyList<OutgoingReply>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var text = turn.Intent.Intent == IntentNames.Greet
            ? ReplyTexts.Greeting(turn.Language, turn.Message.DisplayName)
            : ReplyTexts.Thanks(turn.Language);
        return ValueTask.FromResult<IReadOnlyList<OutgoingReply>>([OutgoingReply.Plain(text)]);
    }
}
