namespace ChatCommerce.ChatConnector.Relay;

/// <summary>A bounded <see cref="IPendingMessageQueue"/> in memory only: pending messages are lost when the process ends.</summary>
public sealed class InMemoryPendingMessageQueue(int capacity) : PendingMessageQueue(capacity, []);
