using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Merchants;

public sealed class MerchantAccountsTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Contracts.V1.Merchants.MerchantsClient Merchants => server.App.Merchants();

    private static string NewId() => "shop-" + Guid.NewGuid().ToString("n")[..10];

    private async Task<string> CreateMerchantAsync()
    {
        var id = NewId();
        await Merchants.CreateMerchantAsync(new CreateMerchantRequest { MerchantId = id, DisplayName = "Shop " + id }, BotServerApp.Admin);
        return id;
    }

    private async Task<Metadata> NewKeyAsync(string merchantId, ApiKeyRole role, Metadata? asCaller = null)
    {
        var created = await Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = merchantId, Role = role }, asCaller ?? BotServerApp.Admin);
        return BotServerApp.Key(created.ApiKey);
    }

    [Fact]
    public async Task AMerchantCreatedByTheAdminCanBeServedWithItsNewKey()
    {
        var id = await CreateMerchantAsync();
        var key = await NewKeyAsync(id, ApiKeyRole.Merchant);

        var products = await server.App.Catalog().ListProductsAsync(new ListProductsRequest(), key);
        var help = await server.App.ChatBot().HandleMessageAsync(Messages.To("help"), key);

        Assert.Empty(products.Products);
        Assert.Equal(id, help.MerchantId);
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameRequestIdAnswersTheSameMerchant()
    {
        var request = new CreateMerchantRequest { RequestId = Guid.NewGuid().ToString(), MerchantId = NewId(), DefaultLanguage = "en" };

        var first = await Merchants.CreateMerchantAsync(request, BotServerApp.Admin);
        var again = await Merchants.CreateMerchantAsync(request, BotServerApp.Admin);

        Assert.Equal(first, again);
        Assert.Equal("en", again.DefaultLanguage);
    }

    [Fact]
    public async Task ATakenMerchantIdIsAlreadyExists()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateMerchantAsync(
            new CreateMerchantRequest { MerchantId = "demo" }, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task ABadMerchantIsRefusedFieldByField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateMerchantAsync(
            new CreateMerchantRequest { MerchantId = "Bad Id!", DefaultLanguage = "fr", GroupBuyDefaults = new GroupBuyDefaults { TeamSize = 1 } },
            BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["default_language", "group_buy_defaults.team_size", "merchant_id"],
            error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order());
    }

    [Fact]
    public async Task OnlyTheAdminKeyCreatesMerchants()
    {
        var key = await NewKeyAsync(await CreateMerchantAsync(), ApiKeyRole.Merchant);

        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateMerchantAsync(new CreateMerchantRequest { MerchantId = NewId() }, key).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task AMerchantKeyCreatesConnectorKeysForItsOwnMerchantButNoAdminKeys()
    {
        var id = await CreateMerchantAsync();
        var merchantKey = await NewKeyAsync(id, ApiKeyRole.Merchant);

        var connector = await Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Connector, Description = "irc" }, merchantKey);
        var admin = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateApiKeyAsync(
            new CreateApiKeyRequest { Role = ApiKeyRole.Admin }, merchantKey).ResponseAsync);
        var otherMerchant = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateApiKeyAsync(
            new CreateApiKeyRequest { MerchantId = "demo", Role = ApiKeyRole.Connector }, merchantKey).ResponseAsync);

        Assert.Equal((id, ApiKeyRole.Connector), (connector.MerchantId, connector.Role));
        Assert.StartsWith("cck_" + connector.KeyId + "_", connector.ApiKey);
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, otherMerchant.StatusCode);
    }

    [Fact]
    public async Task AConnectorKeyCanRelayChatButNotManageKeysOrTheCatalog()
    {
        var id = await CreateMerchantAsync();
        var connector = await NewKeyAsync(id, ApiKeyRole.Connector);

        var chat = await server.App.ChatBot().HandleMessageAsync(Messages.To("help"), connector);
        var keys = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Connector }, connector).ResponseAsync);
        var catalog = await Assert.ThrowsAsync<RpcException>(() => server.App.Catalog().ListProductsAsync(new ListProductsRequest(), connector).ResponseAsync);

        Assert.Equal(id, chat.MerchantId);
        Assert.Equal(StatusCode.PermissionDenied, keys.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, catalog.StatusCode);
    }

    [Fact]
    public async Task ARetriedKeyRequestIsRefusedBecauseTheSecretCannotBeShownTwice()
    {
        var id = await CreateMerchantAsync();
        var request = new CreateApiKeyRequest { RequestId = "key-1", MerchantId = id, Role = ApiKeyRole.Connector };
        var first = await Merchants.CreateApiKeyAsync(request, BotServerApp.Admin);

        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.CreateApiKeyAsync(request, BotServerApp.Admin).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(first.KeyId, error.Status.Detail);
    }

    [Fact]
    public async Task ARevokedKeyFailsOnItsVeryNextCall()
    {
        var id = await CreateMerchantAsync();
        var created = await Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = id, Role = ApiKeyRole.Merchant }, BotServerApp.Admin);
        var key = BotServerApp.Key(created.ApiKey);
        await server.App.Catalog().ListProductsAsync(new ListProductsRequest(), key);

        var revoked = await Merchants.RevokeApiKeyAsync(new RevokeApiKeyRequest { MerchantId = id, KeyId = created.KeyId }, BotServerApp.Admin);
        var error = await Assert.ThrowsAsync<RpcException>(() => server.App.Catalog().ListProductsAsync(new ListProductsRequest(), key).ResponseAsync);
        var again = await Merchants.RevokeApiKeyAsync(new RevokeApiKeyRequest { MerchantId = id, KeyId = created.KeyId }, BotServerApp.Admin);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(revoked.RevokedAt, again.RevokedAt);
    }

    [Fact]
    public async Task AKeyRevokedWhileItsRelayStreamIsOpenStopsThatStream()
    {
        var id = await CreateMerchantAsync();
        var created = await Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = id, Role = ApiKeyRole.Connector }, BotServerApp.Admin);
        using var relay = server.App.ChatBot().Relay(BotServerApp.Key(created.ApiKey));
        await relay.RequestStream.WriteAsync(new RelayRequest { Hello = new ConnectorHello { ConnectorId = "revoked" } });
        Assert.True(await relay.ResponseStream.MoveNext(CancellationToken.None));

        await Merchants.RevokeApiKeyAsync(new RevokeApiKeyRequest { MerchantId = id, KeyId = created.KeyId }, BotServerApp.Admin);
        await relay.RequestStream.WriteAsync(new RelayRequest { Message = Messages.To("help") });
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await relay.ResponseStream.MoveNext(CancellationToken.None))
            {
                Assert.NotEqual(RelayResponse.KindOneofCase.Reply, relay.ResponseStream.Current.KindCase);
            }
        });

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task AnotherMerchantsKeyCannotBeRevoked()
    {
        var mine = await NewKeyAsync(await CreateMerchantAsync(), ApiKeyRole.Merchant);
        var theirs = await Merchants.CreateApiKeyAsync(new CreateApiKeyRequest { MerchantId = await CreateMerchantAsync(), Role = ApiKeyRole.Merchant }, BotServerApp.Admin);

        var error = await Assert.ThrowsAsync<RpcException>(() => Merchants.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = theirs.KeyId }, mine).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
