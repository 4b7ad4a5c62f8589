using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector;

/// <summary>What <c>chatconnector run</c> was asked to do, validated.</summary>
/// <param name="Platform">The platform adapter to run, e.g. "console".</param>
/// <param name="BotUrl">The BotServer's gRPC endpoint.</param>
/// <param name="ApiKey">The merchant or connector API key.</param>
/// <param name="ConnectorId">A stable name for this connector instance.</param>
/// <param name="GroupId">The group the console starts in.</param>
/// <param name="BotNick">The bot's name in the chat.</param>
/// <param name="User">Who speaks first on the console.</param>
/// <param name="AddressAll">Every line counts as addressed to the bot.</param>
/// <param name="LogLevel">Lowest level logged to stderr.</param>
public sealed record ConnectorSettings(
    string Platform,
    Uri BotUrl,
    string ApiKey,
    string ConnectorId,
    string GroupId,
    string BotNick,
    string User,
    bool AddressAll,
    LogLevel LogLevel);
