using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatCommerce.ChatConnector.Platforms;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Tests.TestSupport;

internal sealed record Post(string GroupId, BotReply Reply, string DeliveryKey);

/// <summary>An in-memory chat platform: tests say messages into it and read what the bot posted.</summary>
internal sealed class FakeChatPlatform(string name = "console") : IChatPlatform
{
    private readonly Channel<ChatMessage> _incoming = Channel.CreateUnbounded<ChatMessage>();

    public string Name => name;

    public AsyncLog<Post> Posted { get; } = new();

    /// <summary>When set, posting fails with this exception.</summary>
    public Exception? PostFailure { get; set; }

    public bool Started { get; private set; }

    public bool Stopped { get; private set; }

    public void Say(ChatMessage message) => _incoming.Writer.TryWrite(message);

    public void EndInput() => _incoming.Writer.TryComplete();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ChatMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in _incoming.Reader.ReadAllAsync(cancellationToken))
        {
            yield return message;
        }
    }

    public Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        if (PostFailure is not null)
        {
            throw PostFailure;
        }

        Posted.Add(new Post(groupId, reply, deliveryKey));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        return Task.CompletedTask;
    }
}
