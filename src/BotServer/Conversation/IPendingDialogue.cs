namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// A question the bot asked and is waiting on (slot filling: "送给谁？预算多少？"). The engine
/// offers every addressed message to the open dialogues before choosing a handler by intent, so
/// an answer like "300以内吧" continues the dialogue whatever intent it parses as.
/// </summary>
public interface IPendingDialogue
{
    /// <summary>True when this message answers a question this dialogue asked its sender.</summary>
    bool Answers(Turn turn);

    ValueTask<IReadOnlyList<OutgoingReply>> ContinueAsync(Turn turn, CancellationToken cancellationToken);
}
