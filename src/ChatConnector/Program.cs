using System.CommandLine;
using ChatCommerce.ChatConnector.Cli;

var root = new RootCommand("ChatCommerce connector: relays group chats to the BotServer. Start with: chatconnector run --help")
{
    RunCommand.Create(),
    CatalogCommand.Create(),
    ParseCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
