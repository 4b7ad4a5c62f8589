using System.Collections.Concurrent;
using System.Globalization;
using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TelegramMessage = Telegram.Bot.Types.Message;

namespace ChatCommerce.ChatConnector.Platforms.Telegram;

/// <summary>
/// A Telegram bot in groups, through the Bot API (Telegram.Bot): long polling with getUpdates
/// and an advancing offset; a group message addresses the bot when it @-mentions it, is a
/// /command@bot, or replies to one of the bot's messages. Replies go out with sendMessage, cut
/// at 4,096 characters and paced to 20 a minute per group. The group id is the chat id.
/// Telegram forgets updates once getUpdates asks from a later offset, so the next call is made
/// only when the connector holds every message of the batch (on disk with a file queue): a crash
/// before that gets the batch again, and the relay's message ids drop what it already held.
/// </summary>
public sealed partial class TelegramChatPlatform : IChatPlatform
{
    public const string PlatformName = "telegram";
    public const int MaxMessageLength = 4096;

    private readonly ITelegramBotClient _bot;
    private readonly TelegramPlatformOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TelegramChatPlatform> _logger;
    private readonly GroupSendLimiter _limiter;
    private readonly ReconnectBackoff _backoff;
    private readonly PlatformInbox _inbox = new();
    // How to @-mention a user id the BotServer names: "@username", or the first name when there is none.
    private readonly ConcurrentDictionary<string, string> _mentionNames = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<User> _me = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _polling = Task.CompletedTask;

    public TelegramChatPlatform(ITelegramBotClient bot, IOptions<TelegramPlatformOptions> options, TimeProvider timeProvider, ILogger<TelegramChatPlatform> logger)
    {
        _bot = bot;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _limiter = new GroupSendLimiter(_options.SendRate, timeProvider);
        _backoff = new ReconnectBackoff(_options.InitialRetryDelay, _options.MaxRetryDelay, Random.Shared);
    }

    public string Name => PlatformName;

    /// <summary>The bot's own account, once getMe has answered.</summary>
    public Task<User> Me => _me.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _polling = PollAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<ChatMessage> ReadMessagesAsync(CancellationToken cancellationToken) => _inbox.ReadMessagesAsync(cancellationToken);

    public void OnQueued(ChatMessage message) => _inbox.Queued(message);

    public IAsyncEnumerable<MemberEvent> ReadMemberEventsAsync(CancellationToken cancellationToken) => _inbox.ReadMemberEventsAsync(cancellationToken);

    public async Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        if (!long.TryParse(groupId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            throw new ArgumentException($"'{groupId}' is not a Telegram chat id.", nameof(groupId));
        }

        var mentions = reply.MentionUserIds
            .Select(id => _mentionNames.GetValueOrDefault(id, id))
            .Where(name => !reply.Text.Contains(name, StringComparison.Ordinal))
            .ToList();
        var text = mentions.Count > 0 ? $"{string.Join(" ", mentions)} {reply.Text}" : reply.Text;
        var replyTo = int.TryParse(reply.InReplyToMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true }
            : null;

        foreach (var piece in TextSplitter.Split(text, MaxMessageLength, TextSplitter.Utf16Units, oneLinePerPiece: false))
        {
            await _limiter.WaitAsync(groupId, cancellationToken);
            await _bot.SendMessage(chatId, piece, replyParameters: replyTo, cancellationToken: cancellationToken);
            // Only the first piece quotes the question; the rest follow it.
            replyTo = null;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _inbox.Complete();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        int? offset = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var me = _me.Task.IsCompleted ? await _me.Task : await _bot.GetMe(cancellationToken);
                if (_me.TrySetResult(me))
                {
                    LogConnected(me.Username ?? me.FirstName, me.Id);
                }

                var updates = await _bot.GetUpdates(offset, 100, _options.LongPollSeconds, [UpdateType.Message], cancellationToken);
                _backoff.Reset();
                var held = new List<Task>();
                foreach (var update in updates)
                {
                    if (update.Message is { Chat.Type: ChatType.Group or ChatType.Supergroup } message && Handle(me, message, cancellationToken) is { } queued)
                    {
                        held.Add(queued);
                    }
                }
                // Acknowledged by asking from the next id (Telegram then forgets them): only once the connector holds them.
                await Task.WhenAll(held);
                if (updates.Length > 0)
                {
                    offset = updates[^1].Id + 1;
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = _backoff.NextDelay();
                LogPollFailed(e.Message, delay.TotalSeconds, _backoff.Failures);
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
    }

    /// <summary>Passes the message on; the task ends when the connector holds it (null when there was nothing to pass).</summary>
    private Task? Handle(User me, TelegramMessage message, CancellationToken cancellationToken)
    {
        var groupId = message.Chat.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var member in message.NewChatMembers ?? [])
        {
            PublishMemberEvent(message, groupId, member, MemberEventKind.MemberJoinedGroup);
        }

        if (message.LeftChatMember is { } left)
        {
            PublishMemberEvent(message, groupId, left, MemberEventKind.MemberLeftGroup);
        }

        var text = message.Text ?? message.Caption;
        if (text is null || message.From is not { } from || from.Id == me.Id)
        {
            return null;
        }

        var (cleaned, addressesBot, mentioned) = ReadAddress(me, message, text);
        var sender = Remember(from);
        return _inbox.AddAndWaitUntilQueuedAsync(new ChatMessage
        {
            Platform = PlatformName,
            GroupId = groupId,
            MessageId = message.MessageId.ToString(CultureInfo.InvariantCulture),
            Sender = sender,
            Text = cleaned,
            MentionsBot = addressesBot,
            MentionedUserIds = { mentioned },
            SentAt = Timestamp.FromDateTime(DateTime.SpecifyKind(message.Date, DateTimeKind.Utc)),
        }, cancellationToken);
    }

    /// <summary>Whether the message addresses the bot, its text without the bot's @name, and the others it @-mentions.</summary>
    internal static (string Text, bool AddressesBot, IReadOnlyList<string> Mentioned) ReadAddress(User me, TelegramMessage message, string text)
    {
        var username = me.Username ?? "";
        var addressesBot = message.ReplyToMessage?.From?.Id == me.Id;
        foreach (var entity in (message.Entities ?? message.CaptionEntities ?? []).Where(e => e.Offset + e.Length <= text.Length))
        {
            var value = text.Substring(entity.Offset, entity.Length);
            addressesBot |= entity.Type switch
            {
                MessageEntityType.TextMention => entity.User?.Id == me.Id,
                // "/deals@shopbot": a command meant for this bot among several.
                MessageEntityType.BotCommand => value.EndsWith($"@{username}", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
        }

        // "/deals@shopbot 耳机" reaches the BotServer as "/deals 耳机", the way a private chat writes it.
        var suffix = $"@{username}";
        if (username.Length > 0 && text.StartsWith('/'))
        {
            var space = text.IndexOf(' ');
            var command = space < 0 ? text : text[..space];
            if (command.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                text = command[..^suffix.Length] + (space < 0 ? "" : text[space..]);
            }
        }

        var mentions = new MentionParser(username.Length > 0 ? username : me.FirstName).Parse(text);
        return (mentions.Text, addressesBot || mentions.AddressesBot, mentions.MentionedUserIds);
    }

    private Sender Remember(User user)
    {
        var id = user.Id.ToString(CultureInfo.InvariantCulture);
        var name = user.Username ?? string.Join(" ", new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrEmpty(n)));
        _mentionNames[id] = user.Username is null ? name : $"@{user.Username}";
        return new Sender { UserId = id, DisplayName = name };
    }

    private void PublishMemberEvent(TelegramMessage message, string groupId, User member, MemberEventKind kind) =>
        _inbox.Add(new MemberEvent
        {
            Platform = PlatformName,
            GroupId = groupId,
            Member = Remember(member),
            Kind = kind,
            OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(message.Date, DateTimeKind.Utc)),
            EventId = $"{message.MessageId}-{member.Id}",
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram bot {Username} ({Id}) polling for group messages")]
    private partial void LogConnected(string username, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram getUpdates failed: {Reason}. Retrying in {DelaySeconds:0.0} s (failed attempts: {Failures})")]
    private partial void LogPollFailed(string reason, double delaySeconds, int failures);
}
