using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>A message waiting for the server's answer; <paramref name="Sequence"/> orders them.</summary>
public sealed record PendingMessage(long Sequence, ChatMessage Message);

/// <summary>
/// Platform messages the BotServer has not answered yet, in arrival order. A message leaves
/// the queue when the server's reply or error for it arrives; until then it is re-sent on every
/// new stream. <see cref="InMemoryPendingMessageQueue"/> forgets them when the process ends; <see cref="FilePendingMessageQueue"/> keeps them on disk.
/// </summary>
public interface IPendingMessageQueue
{
    int Count { get; }

    /// <summary>The messages pending now, in order (after a restart: those restored).</summary>
    IReadOnlyList<PendingMessage> Snapshot();

    /// <summary>Adds a message at the end; waits while the queue is full.</summary>
    ValueTask EnqueueAsync(ChatMessage message, CancellationToken cancellationToken);

    /// <summary>The pending messages after <paramref name="sequence"/>, in order; waits until there is one.</summary>
    Task<IReadOnlyList<PendingMessage>> WaitForMessagesAfterAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>True when the message <paramref name="key"/> names is pending (not answered yet).</summary>
    bool Contains(MessageKey key);

    /// <summary>Removes the message the server answered; false when it was not pending (already answered).</summary>
    bool TryComplete(MessageKey key);

    /// <summary>Completes when no message is pending.</summary>
    Task WaitUntilEmptyAsync(CancellationToken cancellationToken);
}
