using ChatCommerce.BotServer.Catalog;
using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Demo;
using ChatCommerce.BotServer.GroupBuys;
using ChatCommerce.BotServer.Grpc;
using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Hosting;
using ChatCommerce.BotServer.Llm;
using ChatCommerce.BotServer.Merchants;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.BotServer.Recommendations;
using ChatCommerce.BotServer.Rules;
using ChatCommerce.BotServer.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.UseChatCommerceEndpoints();
builder.Services
    .AddSingleton(TimeProvider.System)
    .AddLiteDbStorage()
    .AddApiKeyAuth()
    .AddMerchants()
    .AddCatalog()
    .AddGroups()
    .AddConversation()
    .AddReplyRules()
    .AddRecommendations()
    .AddGroupBuys()
    .AddLlm(builder.Configuration)
    .AddDemoData()
    .AddChatCommerceGrpc();

var app = builder.Build();
app.MapChatCommerceGrpc();
app.Run();

/// <summary>Entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
