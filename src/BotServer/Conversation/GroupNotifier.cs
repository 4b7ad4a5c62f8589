using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ChatCommerce.BotServer.Conversation;

/// <summary>A post the bot makes in a group on its own (group-buy announcements, reminders, welcomes).</summary>
public sealed record GroupNotification(string MerchantId, string Platform, string GroupId, OutgoingReply Reply, string Kind);

/// <summary>
/// Routes proactive posts to the connector streams of the group's merchant and platform. Each
/// subscriber has its own bounded channel, so one slow connector cannot hold up the others.
/// </summary>
public sealed class GroupNotifier
{
    private const int SubscriberCapacity = 10_000;
    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();

    public Subscription Subscribe(string merchantId, IReadOnlyCollection<string> platforms)
    {
        var subscription = new Subscription(this, merchantId, platforms);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    /// <summary>Queues the post for every matching connector; false when no connector serves that group.</summary>
    public bool Publish(GroupNotification notification)
    {
        var delivered = false;
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.Serves(notification))
            {
                delivered |= subscription.Writer.TryWrite(notification);
            }
        }
        return delivered;
    }

    public sealed class Subscription : IDisposable
    {
        private readonly GroupNotifier _owner;
        private readonly Channel<GroupNotification> _channel =
            Channel.CreateBounded<GroupNotification>(new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true });

        internal Subscription(GroupNotifier owner, string merchantId, IReadOnlyCollection<string> platforms)
        {
            _owner = owner;
            MerchantId = merchantId;
            Platforms = platforms;
        }

        public Guid Id { get; } = Guid.NewGuid();
        public string MerchantId { get; }
        public IReadOnlyCollection<string> Platforms { get; }
        public ChannelReader<GroupNotification> Reader => _channel.Reader;
        internal ChannelWriter<GroupNotification> Writer => _channel.Writer;

        internal bool Serves(GroupNotification n) =>
            n.MerchantId == MerchantId && (Platforms.Count == 0 || Platforms.Contains(n.Platform, StringComparer.OrdinalIgnoreCase));

        public void Dispose()
        {
            _owner._subscriptions.TryRemove(Id, out _);
            _channel.Writer.TryComplete();
        }
    }
}
