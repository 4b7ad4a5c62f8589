using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ChatCommerce.BotServer.GroupBuys;

/// <summary>
/// Hands committed group-buy events to live readers (watch streams, the chat announcer) in
/// sequence order; the manager publishes while it still holds its step lock. Each reader has its
/// own bounded channel: a reader that falls too far behind is cut off (its stream ends and it
/// resumes from its last sequence) instead of slowing everybody down.
/// </summary>
public sealed class GroupBuyEventHub
{
    public const int ReaderCapacity = 10_000;
    private readonly ConcurrentDictionary<Guid, Reader> _readers = new();

    /// <summary>Events of one merchant, or of all merchants when <paramref name="merchantId"/> is null.</summary>
    public Reader Subscribe(string? merchantId)
    {
        var reader = new Reader(this, merchantId);
        _readers[reader.Id] = reader;
        return reader;
    }

    public void Publish(IReadOnlyList<GroupBuyEvent> events)
    {
        foreach (var e in events)
        {
            foreach (var reader in _readers.Values)
            {
                if (reader.MerchantId is null || reader.MerchantId == e.MerchantId)
                {
                    if (!reader.Channel.Writer.TryWrite(e))
                    {
                        reader.Channel.Writer.TryComplete(new InvalidOperationException("The reader fell too far behind; resume from its last sequence."));
                        _readers.TryRemove(reader.Id, out _);
                    }
                }
            }
        }
    }

    public sealed class Reader(GroupBuyEventHub hub, string? merchantId) : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();
        public string? MerchantId { get; } = merchantId;
        internal Channel<GroupBuyEvent> Channel { get; } =
            System.Threading.Channels.Channel.CreateBounded<GroupBuyEvent>(new BoundedChannelOptions(ReaderCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public ChannelReader<GroupBuyEvent> Events => Channel.Reader;

        public void Dispose()
        {
            hub._readers.TryRemove(Id, out _);
            Channel.Writer.TryComplete();
        }
    }
}
