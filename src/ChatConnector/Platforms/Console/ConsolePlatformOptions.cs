namespace ChatCommerce.ChatConnector.Platforms.Console;

public sealed class ConsolePlatformOptions
{
    /// <summary>The group the console chat starts in.</summary>
    public string GroupId { get; set; } = "console";

    /// <summary>The bot's name in the chat: "@shopbot" and "shopbot:" address it, replies print as "shopbot> ".</summary>
    public string BotNick { get; set; } = "shopbot";

    /// <summary>Who says lines that have no "name:" prefix, until someone else speaks.</summary>
    public string Speaker { get; set; } = "me";

    /// <summary>
    /// Every line counts as addressed to the bot. On by default because the console is a demo:
    /// nobody wants to type "@shopbot" on every line.
    /// </summary>
    public bool AddressAll { get; set; } = true;
}
