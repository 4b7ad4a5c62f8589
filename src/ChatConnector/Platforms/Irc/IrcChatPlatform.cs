using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Platforms.Irc;

/// <summary>
/// The bot as an IRC client (RFC 1459/2812) over a plain TCP connection: registers (NICK/USER,
/// '_' appended while the nick is taken), joins its channels after the 001 welcome, answers
/// PING, turns channel PRIVMSGs into messages and JOIN/PART/KICK into member events, posts
/// replies as paced PRIVMSG lines, and reconnects with backoff when the connection drops.
/// A channel is a group; its name is the group id.
/// </summary>
public sealed partial class IrcChatPlatform : IChatPlatform, IAsyncDisposable
{
    public const string PlatformName = "irc";

    /// <summary>How long a reply for a channel not joined yet waits for the joins after a (re)connect.</summary>
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(5);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly IrcPlatformOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IrcChatPlatform> _logger;
    private readonly GroupSendLimiter _limiter;
    private readonly ReconnectBackoff _backoff;
    private readonly PlatformInbox _inbox = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Session? _session;
    private TaskCompletionSource<Session> _registered = NewRegistration();
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;

    public IrcChatPlatform(IOptions<IrcPlatformOptions> options, TimeProvider timeProvider, ILogger<IrcChatPlatform> logger)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _limiter = new GroupSendLimiter(_options.SendRate, timeProvider);
        _backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay, Random.Shared);
    }

    public string Name => PlatformName;

    /// <summary>The nick the server accepted on the current connection, or null while not registered.</summary>
    public string? CurrentNick
    {
        get
        {
            lock (_lock)
            {
                return _session?.Nick;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken) => _inbox.ReadMessagesAsync(cancellationToken);

    public IAsyncEnumerable<MemberEvent> ReadMemberEventsAsync(CancellationToken cancellationToken) => _inbox.ReadMemberEventsAsync(cancellationToken);

    /// <summary>Completes once the bot is registered and has joined every configured channel.</summary>
    public async Task WaitUntilJoinedAsync(CancellationToken cancellationToken)
    {
        var session = await WaitForSessionAsync(cancellationToken);
        await session.AllJoined.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the current connection to the server is lost (at once if there is none).</summary>
    public Task WaitUntilDisconnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _session is null ? Task.CompletedTask : _lost.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.SendTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var session = await WaitForSessionAsync(linked.Token);
            foreach (var line in IrcReplyFormatter.Lines(session.Nick, groupId, reply))
            {
                await _limiter.WaitAsync(groupId, linked.Token);
                // The connection may have been replaced while this line waited its turn.
                session = await WaitForSessionAsync(linked.Token);
                if (!session.IsIn(groupId))
                {
                    // Just reconnected: the joins may still be on their way.
                    await session.AllJoined.Task.WaitAsync(JoinGrace, _timeProvider, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    linked.Token.ThrowIfCancellationRequested();
                }

                if (!session.IsIn(groupId))
                {
                    // The server would refuse it (ERR_CANNOTSENDTOCHAN) and the BotServer would think it posted.
                    throw new InvalidOperationException($"The bot is not in {groupId} on {_options.Host}; it is in {session.DescribeChannels()}.");
                }

                await session.WriteAsync(IrcLine.Format("PRIVMSG", groupId, line), linked.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Not connected to the IRC server {_options.Host}:{_options.Port} within {_options.SendTimeout}.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        Session? session;
        lock (_lock)
        {
            session = _session;
        }

        if (session is not null)
        {
            try
            {
                await session.WriteAsync(IrcLine.Format("QUIT", "Shopping assistant signing off"), cancellationToken);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                // Leaving anyway.
            }
        }

        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _inbox.Complete();
    }

    // Not disposing _stop: the container may dispose this twice (as itself and as IChatPlatform).
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                await RunConnectionAsync(cancellationToken);
                reason = "the server closed the connection";
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever broke this connection, the next one starts clean.
                reason = e.Message;
            }

            var delay = _backoff.NextDelay();
            LogReconnecting(_options.Host, _options.Port, reason, delay.TotalSeconds, _backoff.Failures);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunConnectionAsync(CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(_options.Host, _options.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false);
        var session = new Session(stream, _options.Nick, _options.Channels);
        LogConnected(_options.Host, _options.Port);
        try
        {
            if (!string.IsNullOrEmpty(_options.Password))
            {
                await session.WriteAsync(IrcLine.Format("PASS", _options.Password), cancellationToken);
            }

            await session.WriteAsync(IrcLine.Format("NICK", session.Nick), cancellationToken);
            await session.WriteAsync(IrcLine.Format("USER", _options.UserName, "0", "*", _options.RealName), cancellationToken);

            while (await ReadLineAsync(reader, session, cancellationToken) is { } text)
            {
                if (text.Length > 0)
                {
                    await HandleAsync(session, IrcLine.Parse(text), cancellationToken);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                if (_session == session)
                {
                    _session = null;
                    _registered = NewRegistration();
                    _lost.TrySetResult();
                    _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            session.Dispose();
        }
    }

    /// <summary>
    /// The next line, or null at the end of the stream. A connection that went silent (a server
    /// that hangs, a cable pulled without a FIN) is noticed: after <see cref="IrcPlatformOptions.IdleTimeout"/>
    /// without a line the bot sends a PING, and when that gets nothing either, the connection counts as lost.
    /// </summary>
    private async Task<string?> ReadLineAsync(StreamReader reader, Session session, CancellationToken cancellationToken)
    {
        var reading = session.PendingRead ??= reader.ReadLineAsync(cancellationToken).AsTask();
        try
        {
            return await reading.WaitAsync(_options.IdleTimeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            await session.WriteAsync(IrcLine.Format("PING", "chatcommerce"), cancellationToken);
            try
            {
                return await reading.WaitAsync(_options.IdleTimeout, _timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new IOException($"The IRC server sent nothing for {_options.IdleTimeout * 2}, not even an answer to PING.");
            }
        }
        finally
        {
            if (reading.IsCompleted)
            {
                session.PendingRead = null;
            }
        }
    }

    private async Task HandleAsync(Session session, IrcLine line, CancellationToken cancellationToken)
    {
        switch (line.Command)
        {
            case "PING":
                await session.WriteAsync(IrcLine.Format("PONG", line.Parameter(0)), cancellationToken);
                break;
            case "433" when !session.Registered: // ERR_NICKNAMEINUSE
            case "436" when !session.Registered: // ERR_NICKCOLLISION
                session.Nick += "_";
                LogNickInUse(line.Parameter(1), session.Nick);
                await session.WriteAsync(IrcLine.Format("NICK", session.Nick), cancellationToken);
                break;
            case "001": // RPL_WELCOME: registered; the first parameter is the nick the server accepted.
                session.Nick = line.Parameter(0);
                session.Registered = true;
                _backoff.Reset();
                lock (_lock)
                {
                    _session = session;
                    _registered.TrySetResult(session);
                }

                LogRegistered(session.Nick, string.Join(",", _options.Channels));
                if (_options.Channels.Count > 0)
                {
                    await session.WriteAsync(IrcLine.Format("JOIN", string.Join(",", _options.Channels)), cancellationToken);
                }
                else
                {
                    session.AllJoined.TrySetResult();
                }

                break;
            case "NICK" when IsSelf(session, line):
                session.Nick = line.Parameter(0);
                break;
            case "JOIN" when IsSelf(session, line):
                session.Joined(line.Parameter(0));
                break;
            case "JOIN":
                PublishMemberEvent(line, line.Parameter(0), line.SourceNick, MemberEventKind.MemberJoinedGroup);
                break;
            case "PART" when IsSelf(session, line):
                session.Left(line.Parameter(0));
                break;
            case "KICK" when line.Parameter(1).Equals(session.Nick, StringComparison.OrdinalIgnoreCase):
                session.Left(line.Parameter(0));
                LogKicked(line.Parameter(0), line.SourceNick ?? "", line.Parameter(2));
                await session.WriteAsync(IrcLine.Format("JOIN", line.Parameter(0)), cancellationToken);
                break;
            case "PART":
                PublishMemberEvent(line, line.Parameter(0), line.SourceNick, MemberEventKind.MemberLeftGroup);
                break;
            case "KICK":
                PublishMemberEvent(line, line.Parameter(0), line.Parameter(1), MemberEventKind.MemberLeftGroup);
                break;
            case "PRIVMSG" when !IsSelf(session, line) && IrcLine.IsChannel(line.Parameter(0)):
                if (ToMessage(session, line) is { } message)
                {
                    _inbox.Add(message);
                }

                break;
            case "ERROR":
                LogServerError(line.Parameter(0));
                break;
        }
    }

    private ChatMessage? ToMessage(Session session, IrcLine line)
    {
        var text = line.Parameter(1);
        if (text.StartsWith('\u0001'))
        {
            // CTCP: "/me does something" is chat; VERSION, PING and the like are not.
            const string action = "\u0001ACTION ";
            if (!text.StartsWith(action, StringComparison.Ordinal))
            {
                return null;
            }

            text = text[action.Length..].TrimEnd('\u0001');
        }

        var nick = line.SourceNick ?? line.Prefix ?? "";
        var mentions = new MentionParser(session.Nick).Parse(text);
        var now = _timeProvider.GetUtcNow();
        return new ChatMessage
        {
            Platform = PlatformName,
            GroupId = line.Parameter(0),
            // IRC has no message ids unless the server tags them (IRCv3 msgid).
            MessageId = line.Tags.TryGetValue("msgid", out var id) && id.Length > 0 ? $"irc-{id}" : $"irc-{Guid.CreateVersion7(now):N}",
            Sender = new Sender { UserId = nick, DisplayName = nick },
            Text = mentions.Text,
            MentionsBot = mentions.AddressesBot,
            MentionedUserIds = { mentions.MentionedUserIds },
            SentAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    private void PublishMemberEvent(IrcLine line, string channel, string? nick, MemberEventKind kind)
    {
        if (string.IsNullOrEmpty(nick) || !IrcLine.IsChannel(channel))
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        _inbox.Add(new MemberEvent
        {
            Platform = PlatformName,
            GroupId = channel,
            Member = new Sender { UserId = nick, DisplayName = nick },
            Kind = kind,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            EventId = $"irc-{line.Command.ToLowerInvariant()}-{Guid.CreateVersion7(now):N}",
        });
    }

    private static bool IsSelf(Session session, IrcLine line) =>
        string.Equals(line.SourceNick, session.Nick, StringComparison.OrdinalIgnoreCase);

    private async Task<Session> WaitForSessionAsync(CancellationToken cancellationToken)
    {
        Task<Session> registered;
        lock (_lock)
        {
            registered = _registered.Task;
        }

        return await registered.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource<Session> NewRegistration() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One connection to the server: its writer (one line at a time) and what it registered and joined.</summary>
    private sealed class Session(Stream stream, string nick, IReadOnlyCollection<string> channels) : IDisposable
    {
        private readonly SemaphoreSlim _writeGate = new(1, 1);
        private readonly HashSet<string> _waitingToJoin = new(channels, StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _in = new(StringComparer.OrdinalIgnoreCase);

        public string Nick { get; set; } = nick;

        public bool Registered { get; set; }

        /// <summary>A read still waiting for its line; a stream allows one read at a time.</summary>
        public Task<string?>? PendingRead { get; set; }

        public TaskCompletionSource AllJoined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsIn(string channel)
        {
            lock (_waitingToJoin)
            {
                return _in.Contains(channel);
            }
        }

        public string DescribeChannels()
        {
            lock (_waitingToJoin)
            {
                return _in.Count == 0 ? "no channel" : string.Join(", ", _in);
            }
        }

        public void Left(string channel)
        {
            lock (_waitingToJoin)
            {
                _in.Remove(channel);
            }
        }

        public void Joined(string channel)
        {
            lock (_waitingToJoin)
            {
                _in.Add(channel);
                _waitingToJoin.Remove(channel);
                if (_waitingToJoin.Count == 0)
                {
                    AllJoined.TrySetResult();
                }
            }
        }

        public async Task WriteAsync(string line, CancellationToken cancellationToken)
        {
            var bytes = Utf8.GetBytes(line + "\r\n");
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync(bytes, cancellationToken);
            }
            finally
            {
                _writeGate.Release();
            }
        }

        public void Dispose() => _writeGate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to IRC server {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered as {Nick}; joining {Channels}")]
    private partial void LogRegistered(string nick, string channels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nick {Taken} is in use; trying {Nick}")]
    private partial void LogNickInUse(string taken, string nick);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kicked from {Channel} by {By} ({Reason}); joining again")]
    private partial void LogKicked(string channel, string by, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IRC server said: {Error}")]
    private partial void LogServerError(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IRC connection to {Host}:{Port} lost: {Reason}. Reconnecting in {DelaySeconds:0.0} s (failed attempts: {Failures})")]
    private partial void LogReconnecting(string host, int port, string reason, double delaySeconds, int failures);
}
