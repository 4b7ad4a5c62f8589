using System.Threading.Channels;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Platforms;

/// <summary>
/// What a network platform has received and the worker has not taken yet: messages and member
/// events, each in arrival order. The platform's reading loop adds; <see cref="IChatPlatform"/>'s
/// readers take; <see cref="Complete"/> ends both sequences when the platform stops.
/// </summary>
public sealed class PlatformInbox
{
    // Unbounded: a platform's reading loop must never stall (IRC servers drop clients that stop answering PING);
    // the relay's pending queue is what bounds the work in flight.
    private readonly Channel<ChatMessage> _messages = Channel.CreateUnbounded<ChatMessage>();
    private readonly Channel<MemberEvent> _memberEvents = Channel.CreateUnbounded<MemberEvent>();

    public void Add(ChatMessage message) => _messages.Writer.TryWrite(message);

    public void Add(MemberEvent memberEvent) => _memberEvents.Writer.TryWrite(memberEvent);

    public IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken) => _messages.Reader.ReadAllAsync(cancellationToken);

    public IAsyncEnumerable<MemberEvent> ReadMemberEventsAsync(CancellationToken cancellationToken) => _memberEvents.Reader.ReadAllAsync(cancellationToken);

    public void Complete()
    {
        _messages.Writer.TryComplete();
        _memberEvents.Writer.TryComplete();
    }
}
