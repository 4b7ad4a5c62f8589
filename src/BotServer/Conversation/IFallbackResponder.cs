namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// A second opinion for addressed messages the offline parser could not place with confidence
/// (the optional LLM path). The engine asks it before the offline handler; the responder applies
/// its own confidence rule and time limit, and answers null when it has nothing to say, so the
/// offline answer stands.
/// </summary>
public interface IFallbackResponder
{
    ValueTask<IReadOnlyList<OutgoingReply>?> TryRespondAsync(Turn turn, CancellationToken ct);
}
