namespace ChatCommerce.BotServer.Conversation;

/// <summary>
/// Answers before the built-in handlers when the merchant configured something for this message:
/// in-chat admin commands, reply rules. Asked in registration order; null means "not mine".
/// </summary>
public interface IOverrideResponder
{
    /// <param name="addressed">Whether the message is for the bot (<see cref="Addressing"/>). Responders
    /// are also asked about unaddressed messages in proactive groups, and decide for themselves.</param>
    ValueTask<IReadOnlyList<OutgoingReply>?> TryRespondAsync(Turn turn, bool addressed, CancellationToken cancellationToken);
}
