using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Merchants;

/// <summary>
/// Every RPC of the contract, called generically from its descriptor: without a valid key it is
/// UNAUTHENTICATED; with another merchant's key naming the demo merchant it is PERMISSION_DENIED
/// (or NOT_FOUND), never data. New RPCs are covered without editing this file.
/// </summary>
public sealed class TenantMatrixTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private static readonly ServiceDescriptor[] Services =
    [
        ChatBot.Descriptor, Contracts.V1.Catalog.Descriptor, Contracts.V1.Recommendations.Descriptor, Contracts.V1.GroupBuys.Descriptor, Contracts.V1.Merchants.Descriptor,
        Diagnostics.Descriptor,
    ];

    public static TheoryData<string> EveryRpc() =>
        new(Services.SelectMany(s => s.Methods).Select(m => m.FullName));

    /// <summary>The RPCs that touch a merchant's data: their requests name a merchant somewhere.</summary>
    public static TheoryData<string> EveryMerchantRpc() =>
        new(Services.SelectMany(s => s.Methods).Where(m => NamesAMerchant(m.InputType)).Select(m => m.FullName));

    private static bool NamesAMerchant(MessageDescriptor message) =>
        message.Fields.InFieldNumberOrder().Any(f => f.Name == "merchant_id"
            || (f.FieldType == FieldType.Message && f.MessageType.File.Package == "chatcommerce.v1" && f.MessageType != message
                && f.MessageType.Fields.InFieldNumberOrder().Any(n => n.Name == "merchant_id")));

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static MethodDescriptor Find(string fullName) => Services.SelectMany(s => s.Methods).Single(m => m.FullName == fullName);

    /// <summary>The request with every `merchant_id` it carries (also nested, e.g. `hello.merchant_id`) set.</summary>
    private static byte[] RequestNaming(MethodDescriptor method, string merchantId)
    {
        var message = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        SetMerchant(message, merchantId);
        return message.ToByteArray();
    }

    private static void SetMerchant(IMessage message, string merchantId)
    {
        var oneofsSet = new HashSet<OneofDescriptor>();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            // Of a oneof (Relay's hello / message / ...) only the first case: the stream's opening frame.
            if (field.ContainingOneof is { } oneof && !oneofsSet.Add(oneof))
            {
                continue;
            }
            if (field.Name == "merchant_id" && field.FieldType == FieldType.String)
            {
                field.Accessor.SetValue(message, merchantId);
            }
            else if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap && field.MessageType.File.Package == "chatcommerce.v1"
                && field.MessageType.Fields.InFieldNumberOrder().Any(f => f.Name == "merchant_id"))
            {
                var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                SetMerchant(nested, merchantId);
                field.Accessor.SetValue(message, nested);
            }
        }
    }

    private async Task<StatusCode> CallAsync(MethodDescriptor descriptor, byte[] request, Metadata headers)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, Bytes, Bytes);
        var invoker = server.App.Channel.CreateCallInvoker();
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(20));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, request);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await WriteOneAsync(call.RequestStream, request);
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                    {
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await WriteOneAsync(call.RequestStream, request);
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }
                    break;
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    // The server may refuse a streaming call before it reads the request; then writing fails and
    // the call's status (read next) tells why.
    private static async Task WriteOneAsync(IClientStreamWriter<byte[]> stream, byte[] request)
    {
        try
        {
            await stream.WriteAsync(request);
            await stream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task AKeyInUseIsRefusedFromTheFirstCallAfterItsRevoke()
    {
        var method = Find("chatcommerce.v1.Catalog.ListProducts");
        var request = RequestNaming(method, "demo");
        var key = await server.App.Merchants().CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = "demo", Role = ApiKeyRole.Merchant }, BotServerApp.Admin);
        var before = await CallAsync(method, request, BotServerApp.Key(key.ApiKey));
        var again = await CallAsync(method, request, BotServerApp.Key(key.ApiKey));

        await server.App.Merchants().RevokeApiKeyAsync(new RevokeApiKeyRequest { MerchantId = "demo", KeyId = key.KeyId }, BotServerApp.Admin);
        var after = await CallAsync(method, request, BotServerApp.Key(key.ApiKey));

        Assert.Equal((StatusCode.OK, StatusCode.OK, StatusCode.Unauthenticated), (before, again, after));
    }

    [Theory]
    [MemberData(nameof(EveryRpc))]
    public async Task EveryRpcRefusesAMissingAWrongAndARevokedKey(string rpc)
    {
        var method = Find(rpc);
        var request = RequestNaming(method, "demo");
        var revoked = await server.App.Merchants().CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = "demo", Role = ApiKeyRole.Merchant }, BotServerApp.Admin);
        await server.App.Merchants().RevokeApiKeyAsync(new RevokeApiKeyRequest { MerchantId = "demo", KeyId = revoked.KeyId }, BotServerApp.Admin);

        var none = await CallAsync(method, request, []);
        var wrong = await CallAsync(method, request, BotServerApp.Key("cck_0000000000000000_not-a-secret"));
        var afterRevoke = await CallAsync(method, request, BotServerApp.Key(revoked.ApiKey));

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (none, wrong, afterRevoke));
    }

    [Theory]
    [MemberData(nameof(EveryMerchantRpc))]
    public async Task AnotherMerchantsKeyNamingTheDemoMerchantGetsNoData(string rpc)
    {
        var method = Find(rpc);
        var rival = server.App.NewMerchantKey("rival");

        var status = await CallAsync(method, RequestNaming(method, "demo"), rival);

        Assert.Contains(status, new[] { StatusCode.PermissionDenied, StatusCode.NotFound });
    }

    [Theory]
    [MemberData(nameof(EveryRpc))]
    public async Task AConnectorKeyReachesOnlyTheChat(string rpc)
    {
        var method = Find(rpc);
        var connector = BotServerApp.Key(server.App.DemoConnectorKey());

        var status = await CallAsync(method, RequestNaming(method, ""), connector);

        if (method.Service.FullName == ChatBot.Descriptor.FullName)
        {
            Assert.NotEqual(StatusCode.PermissionDenied, status);
            Assert.NotEqual(StatusCode.Unauthenticated, status);
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, status);
        }
    }

    [Fact]
    public async Task AnotherMerchantAskingForTheDemoMerchantsThingsByIdFindsNothing()
    {
        var rival = server.App.NewMerchantKey("rival");
        var demoProduct = (await server.App.Catalog().ListProductsAsync(new ListProductsRequest { MerchantId = "demo", PageSize = 1 }, BotServerApp.Admin)).Products[0];
        var demoRule = await server.App.Merchants().UpsertReplyRuleAsync(new UpsertReplyRuleRequest
        {
            MerchantId = "demo",
            Rule = new ReplyRule { TriggerKind = TriggerKind.KeywordExact, Patterns = { "matrix" }, Templates = { [""] = "demo" }, Enabled = true },
        }, BotServerApp.Admin);
        var demoKey = await server.App.Merchants().CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = "demo", Role = ApiKeyRole.Connector }, BotServerApp.Admin);

        var product = await Assert.ThrowsAsync<RpcException>(() => server.App.Catalog().GetProductAsync(new GetProductRequest { ProductId = demoProduct.ProductId }, rival).ResponseAsync);
        var deleteProduct = await Assert.ThrowsAsync<RpcException>(() => server.App.Catalog().DeleteProductAsync(new DeleteProductRequest { ProductId = demoProduct.ProductId }, rival).ResponseAsync);
        var rule = await Assert.ThrowsAsync<RpcException>(() => server.App.Merchants().DeleteReplyRuleAsync(new DeleteReplyRuleRequest { RuleId = demoRule.RuleId }, rival).ResponseAsync);
        var key = await Assert.ThrowsAsync<RpcException>(() => server.App.Merchants().RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = demoKey.KeyId }, rival).ResponseAsync);
        var search = await server.App.Catalog().SearchProductsAsync(new SearchProductsRequest { Query = demoProduct.TitleZh }, rival);

        Assert.All(new[] { product, deleteProduct, rule, key }, e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        Assert.Empty(search.Hits);
        Assert.NotNull(await server.App.Catalog().GetProductAsync(new GetProductRequest { MerchantId = "demo", ProductId = demoProduct.ProductId }, BotServerApp.Admin));
    }
}
