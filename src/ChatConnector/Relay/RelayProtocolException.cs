namespace ChatCommerce.ChatConnector.Relay;

/// <summary>The BotServer did not follow the <c>Relay</c> protocol (no welcome after the hello); the stream is retried.</summary>
public sealed class RelayProtocolException(string message) : Exception(message);
