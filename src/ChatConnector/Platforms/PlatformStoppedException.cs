namespace ChatCommerce.ChatConnector.Platforms;

/// <summary>The platform stopped before a message it received was queued for the BotServer.</summary>
public sealed class PlatformStoppedException() : Exception("The connector stopped before the message was queued.");
