using System.Runtime.CompilerServices;
using System.Text;
using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace ChatCommerce.ChatConnector.Platforms.Console;

/// <summary>
/// A group chat in the terminal: each input line is a message (see <see cref="ConsoleLineParser"/>),
/// and the bot's replies print as "shopbot> text".
/// </summary>
public sealed class ConsoleChatPlatform : IChatPlatform
{
    public const string PlatformName = "console";

    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;
    private readonly ConsoleLineParser _parser;
    // Replies arrive from the relay while the reading loop prints notices.
    private readonly Lock _outputLock = new();

    public ConsoleChatPlatform(TextReader input, TextWriter output, IOptions<ConsolePlatformOptions> options, TimeProvider timeProvider)
    {
        _input = input;
        _output = output;
        _timeProvider = timeProvider;
        var settings = options.Value;
        _parser = new ConsoleLineParser(settings.BotNick, settings.Speaker, settings.GroupId, settings.AddressAll);
    }

    public string Name => PlatformName;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        WriteLines(
            $"* Console group chat '{_parser.GroupId}', you are '{_parser.Speaker}', the bot is '{_parser.BotNick}'.",
            "* Type a message, or /help for the syntax and /quit to leave.");
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ChatMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            // Console.In blocks its caller and ignores cancellation: read on the thread pool and
            // stop waiting on shutdown instead.
            var line = await Task.Run(_input.ReadLine, cancellationToken).WaitAsync(cancellationToken);
            if (line is null)
            {
                yield break;
            }

            switch (_parser.Parse(line))
            {
                case ConsoleLine.Said said:
                    yield return ToMessage(said);
                    break;
                case ConsoleLine.QuitRequested:
                    yield break;
                case ConsoleLine.HelpRequested:
                    WriteLines(_parser.Help);
                    break;
                case ConsoleLine.SpeakerChanged changed:
                    WriteLines($"* You are now {changed.Speaker}.");
                    break;
                case ConsoleLine.GroupChanged changed:
                    WriteLines($"* You are now in group {changed.GroupId}.");
                    break;
                case ConsoleLine.Invalid invalid:
                    WriteLines($"! {invalid.Reason}");
                    break;
            }
        }
    }

    public Task SendAsync(string groupId, BotReply reply, string deliveryKey, CancellationToken cancellationToken)
    {
        WriteLines(FormatReply(_parser.BotNick, groupId, _parser.GroupId, reply));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// "shopbot> @alice text"; continuation lines are indented under the text. A reply for a
    /// group other than the one the user is in is prefixed with that group: "[g2] shopbot> …".
    /// </summary>
    internal static string[] FormatReply(string botNick, string groupId, string currentGroupId, BotReply reply)
    {
        var text = new StringBuilder();
        foreach (var userId in reply.MentionUserIds.Where(id => !reply.Text.Contains('@' + id, StringComparison.Ordinal)))
        {
            text.Append('@').Append(userId).Append(' ');
        }

        text.Append(reply.Text);
        var prefix = groupId == currentGroupId ? $"{botNick}> " : $"[{groupId}] {botNick}> ";
        var indent = new string(' ', prefix.Length);
        return text.ToString()
            .ReplaceLineEndings("\n")
            .Split('\n')
            .Select((line, index) => (index == 0 ? prefix : indent) + line)
            .ToArray();
    }

    private ChatMessage ToMessage(ConsoleLine.Said said)
    {
        var now = _timeProvider.GetUtcNow();
        return new ChatMessage
        {
            Platform = PlatformName,
            GroupId = said.GroupId,
            MessageId = $"{PlatformName}-{Guid.CreateVersion7(now):N}",
            Sender = new Sender { UserId = said.Speaker, DisplayName = said.Speaker },
            Text = said.Text,
            MentionsBot = said.MentionsBot,
            MentionedUserIds = { said.MentionedUserIds },
            SentAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    private void WriteLines(params IEnumerable<string> lines)
    {
        lock (_outputLock)
        {
            foreach (var line in lines)
            {
                _output.WriteLine(line.TrimEnd('\r'));
            }

            _output.Flush();
        }
    }
}
