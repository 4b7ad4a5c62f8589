using ChatCommerce.ChatConnector.Tests.TestSupport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using static ChatCommerce.ChatConnector.Tests.TestSupport.Messages;

namespace ChatCommerce.ChatConnector.Tests;

public sealed class ConnectorWorkerTests
{
    private static readonly TimeSpan Timeout = AsyncLog<object>.DefaultTimeout;

    [Fact]
    public async Task PlatformMessagesReachTheBotAndItsRepliesComeBack()
    {
        await using var harness = await RelayHarness.StartAsync();
        var lifetime = new FakeLifetime();
        var worker = CreateWorker(harness, lifetime);

        await worker.StartAsync(CancellationToken.None);
        harness.Platform.Say(Chat("m1", "有什么耳机推荐"));

        var post = Assert.Single(await harness.Platform.Posted.WaitForAsync(p => p.Count == 1));
        Assert.Equal("echo: 有什么耳机推荐", post.Reply.Text);
        Assert.True(harness.Platform.Started);
        await worker.StopAsync(CancellationToken.None);
        Assert.True(harness.Platform.Stopped);
        Assert.False(worker.Failed);
    }

    [Fact]
    public async Task EndOfPlatformInputWaitsForTheAnswersThenStopsTheApplication()
    {
        await using var harness = await RelayHarness.StartAsync();
        var lifetime = new FakeLifetime();
        var worker = CreateWorker(harness, lifetime);
        harness.Platform.Say(Chat("m1"));
        harness.Platform.Say(Chat("m2"));
        harness.Platform.EndInput();

        await worker.StartAsync(CancellationToken.None);
        await lifetime.StopRequested.WaitAsync(Timeout);

        Assert.Equal(["m1", "m2"], harness.Platform.Posted.Snapshot().Select(p => p.Reply.InReplyToMessageId));
        Assert.False(worker.Failed);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RefusedApiKeyStopsTheApplicationAsAFailure()
    {
        await using var harness = await RelayHarness.StartAsync(apiKey: "wrong-key");
        var lifetime = new FakeLifetime();
        var worker = CreateWorker(harness, lifetime);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.StopRequested.WaitAsync(Timeout);

        Assert.True(worker.Failed);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RefusedApiKeyAfterTheInputEndedStillStopsAsAFailureWithoutWaitingForAnswers()
    {
        await using var harness = await RelayHarness.StartAsync(apiKey: "wrong-key", refuseInMiddleware: true);
        var lifetime = new FakeLifetime();
        var worker = CreateWorker(harness, lifetime);
        harness.Platform.Say(Chat("m1"));
        harness.Platform.EndInput();

        await worker.StartAsync(CancellationToken.None);
        // Well inside the drain timeout: a refused connector has no answers to wait for.
        await lifetime.StopRequested.WaitAsync(ConnectorWorker.DrainTimeout / 2);

        Assert.True(worker.Failed);
        await worker.StopAsync(CancellationToken.None);
    }

    private static ConnectorWorker CreateWorker(RelayHarness harness, FakeLifetime lifetime) =>
        new(harness.Platform, harness.Relay, lifetime, TimeProvider.System, NullLogger<ConnectorWorker>.Instance);

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StopRequested => _stopRequested.Task;

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopRequested.TrySetResult();
    }
}
