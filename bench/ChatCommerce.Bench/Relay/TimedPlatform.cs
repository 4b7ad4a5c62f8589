using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChatCommerce.ChatConnector.Platforms;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.Bench.Relay;

/// <summary>An in-process chat platform that notes when each answer to a message is posted back.</summary>
internal sealed class TimedPlatform : IChatPlatform
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new();

    public const string PlatformName = "bench";

    public string Name => PlatformName;

    /// <summary>Completes with the Stopwatch timestamp at which the first reply to <paramref name="messageId"/> was posted.</summary>
    public Task<long> AnswerTo(string messageId) =>
        _waiting.GetOrAdd(messageId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async IAsyncEnumerable<ChatMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        _waiting.GetOrAdd(reply.InReplyToMessageId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
