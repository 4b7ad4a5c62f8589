namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// The BotServer refused the connector itself (unknown API key, no permission). Retrying cannot
/// help, so the relay stops instead of reconnecting.
/// </summary>
public sealed class RelayRejectedException(string message, Exception innerException) : Exception(message, innerException);
