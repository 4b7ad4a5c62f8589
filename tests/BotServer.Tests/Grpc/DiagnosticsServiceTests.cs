using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Grpc;

/// <summary>
/// A forced full collection pauses every thread of the test process (the server runs in it), so
/// these tests run alone: a timed test beside them (the fuzzing bound per parse) would measure the pause.
/// </summary>
[CollectionDefinition(nameof(DiagnosticsServiceTests), DisableParallelization = true)]
public sealed class DiagnosticsServiceTestsRunAlone;

[Collection(nameof(DiagnosticsServiceTests))]
public sealed class DiagnosticsServiceTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private Diagnostics.DiagnosticsClient Diagnostics => new(server.App.Channel);

    [Fact]
    public async Task TheAdminReadsTheLiveHeapRightAfterAFullCollection()
    {
        var before = await Diagnostics.MemoryAsync(new MemoryRequest(), BotServerApp.Admin);

        var after = await Diagnostics.MemoryAsync(new MemoryRequest { CollectFirst = true }, BotServerApp.Admin);

        Assert.True(after.Gen2Collections > before.Gen2Collections);
        Assert.InRange(after.ManagedHeapBytes, 1, after.CommittedBytes);
        Assert.True(after.WorkingSetBytes > after.ManagedHeapBytes);
    }

    [Fact]
    public async Task AMerchantKeyMayNotReadTheServersMemory()
    {
        var merchant = server.App.NewMerchantKey("diag-shop");

        var refused = await Assert.ThrowsAsync<RpcException>(() => Diagnostics.MemoryAsync(new MemoryRequest { CollectFirst = true }, merchant).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }
}
