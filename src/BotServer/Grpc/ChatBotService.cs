using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Groups;
using ChatCommerce.BotServer.Intents;
using ChatCommerce.BotServer.Merchants.Auth;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Grpc;

public sealed class ChatBotService(
    ConversationEngine conversation,
    IIntentParser parser,
    TenantAccess tenants,
    RelayStreamHandler relay,
    GroupDirectory groups,
    IOptions<ChatOptions> chat,
    TimeProvider time) : ChatBot.ChatBotBase
{
    public override async Task<HandleMessageResponse> HandleMessage(ChatMessage request, ServerCallContext context)
    {
        // The admin key may leave the merchant out: the group's binding, else the default merchant, answers.
        var caller = context.Caller();
        var boundMerchant = caller.IsAdmin && request.MerchantId.Length == 0
            ? groups.BoundMerchantOf(GroupSettingsMapping.Platform(request.Platform), request.GroupId)
            : null;
        var merchantId = tenants.ResolveMerchant(caller, request.MerchantId, adminDefault: boundMerchant ?? chat.Value.DefaultMerchant);
        var result = await conversation.HandleAsync(MessageMapping.ToDomain(request, merchantId, time), context.CancellationToken);
        return new HandleMessageResponse
        {
            MerchantId = merchantId,
            Intent = MessageMapping.ToContract(result.Intent),
            Replies = { result.Replies.Select(r => MessageMapping.ToContract(r, request.MessageId)) },
        };
    }

    public override Task<ParsedIntent> ParseIntent(ParseIntentRequest request, ServerCallContext context)
    {
        // Any text gets an answer (the parser reads a bounded prefix); only a bad language is refused.
        new Violations()
            .When(request.Language is not ("" or "zh" or "en"), "language", "must be empty, \"zh\" or \"en\"")
            .ThrowIfAny();
        var merchantId = tenants.ResolveMerchant(context.Caller(), request.MerchantId, adminDefault: chat.Value.DefaultMerchant);
        var language = request.Language.Length == 0 ? null : request.Language;
        var intent = parser.Parse(request.Text, new ParseContext(merchantId, language, request.Platform, request.GroupId));
        return Task.FromResult(MessageMapping.ToContract(intent));
    }

    public override Task Relay(IAsyncStreamReader<RelayRequest> requestStream, IServerStreamWriter<RelayResponse> responseStream, ServerCallContext context) =>
        relay.RunAsync(requestStream, responseStream, context);
}
