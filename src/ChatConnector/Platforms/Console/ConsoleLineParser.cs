namespace ChatCommerce.ChatConnector.Platforms.Console;

/// <summary>
/// Reads the console chat's line syntax: "alice: text" (or "alice：text") is said by alice and
/// makes her the current speaker; a line without a prefix is said by the current speaker;
/// "/as", "/group", "/help" and "/quit" are the console's commands; other "/…" lines are commands
/// for the bot and are said to it. Pure: no I/O, no clock.
/// </summary>
public sealed class ConsoleLineParser
{
    public const int MaxSpeakerLength = 32;
    public const int MaxGroupIdLength = 256;
    public const int MaxTextLength = 4000;

    // Example line, what it does; "{nick}" stands for the bot's nick.
    private static readonly (string Example, string Meaning)[] SyntaxRows =
    [
        ("alice: 有什么耳机推荐", "alice says it, and speaks from now on (\"alice：\" works too)"),
        ("有什么耳机推荐", "the current speaker says it"),
        ("@{nick} 500以内的耳机", "addresses the bot; so do \"{nick}: …\" and \"{nick}, …\""),
        ("@bob 你看这个", "mentions bob"),
        ("/as bob", "speak as bob from now on"),
        ("/group NAME", "move to another group"),
        ("/help", "show this help"),
        ("/quit", "leave (end of input and Ctrl+C work too)"),
        ("/rules, /mode proactive", "any other /command goes to the bot (group admin commands)"),
    ];

    // Schemes written without "//" ("mailto:x@y.com"); the ones with it are caught by the "//" check.
    private static readonly HashSet<string> UriSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "mailto", "tel", "sms", "urn", "magnet", "data", "news",
    };

    private readonly MentionParser _mentions;
    private readonly bool _addressAll;

    public ConsoleLineParser(string botNick, string speaker = "me", string groupId = "console", bool addressAll = true)
    {
        _mentions = new MentionParser(botNick);
        _addressAll = addressAll;
        Speaker = speaker;
        GroupId = groupId;
    }

    /// <summary>Who says a line that has no "name:" prefix.</summary>
    public string Speaker { get; private set; }

    /// <summary>The group the next line is said in.</summary>
    public string GroupId { get; private set; }

    public string BotNick => _mentions.BotNick;

    /// <summary>The line syntax, one example per line, with the bot's nick filled in.</summary>
    public IReadOnlyList<string> Help
    {
        get
        {
            var rows = SyntaxRows
                .Select(row => (Example: row.Example.Replace("{nick}", BotNick, StringComparison.Ordinal),
                    Meaning: row.Meaning.Replace("{nick}", BotNick, StringComparison.Ordinal)))
                .ToArray();
            var width = rows.Max(row => DisplayWidth(row.Example)) + 2;
            return
            [
                "Each line you type is a message in the current group:",
                .. rows.Select(row => "  " + row.Example + new string(' ', width - DisplayWidth(row.Example)) + row.Meaning),
            ];
        }
    }

    public ConsoleLine Parse(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return new ConsoleLine.Ignored();
        }

        if (trimmed[0] == '/')
        {
            return ParseCommand(trimmed);
        }

        var text = trimmed;
        if (TrySplitSpeaker(trimmed, out var speaker, out var rest))
        {
            Speaker = speaker;
            if (rest.Length == 0)
            {
                return new ConsoleLine.SpeakerChanged(speaker);
            }

            text = rest;
        }

        if (text.Length > MaxTextLength)
        {
            return new ConsoleLine.Invalid($"A message is at most {MaxTextLength} characters.");
        }

        var mentions = _mentions.Parse(text);
        // A bare "@shopbot" still says something: keep it rather than send an empty text.
        var said = mentions.Text.Length > 0 ? mentions.Text : text;
        return new ConsoleLine.Said(GroupId, Speaker, said, _addressAll || mentions.AddressesBot, mentions.MentionedUserIds);
    }

    /// <summary>
    /// A speaker name is 1–32 characters with no whitespace and nothing that makes it look like
    /// part of a URL, an address or a time ("http", "example.com", "10" in "10:30").
    /// </summary>
    public static bool IsValidSpeaker(string name) =>
        name.Length is > 0 and <= MaxSpeakerLength
        && !name.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '.' or '@' or ':' or '：')
        && !name.All(char.IsAsciiDigit);

    public static bool IsValidGroupId(string groupId) =>
        groupId.Length is > 0 and <= MaxGroupIdLength && !groupId.Any(char.IsWhiteSpace);

    // Terminals give CJK and full-width characters two columns; the help's columns must line up anyway.
    private static int DisplayWidth(string text) => text.Sum(c => c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF')
        or (>= '\uAC00' and <= '\uD7A3') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F')
        or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6') ? 2 : 1);

    private bool TrySplitSpeaker(string line, out string speaker, out string rest)
    {
        speaker = "";
        rest = "";
        var colon = line.IndexOfAny([':', '：']);
        if (colon <= 0)
        {
            return false;
        }

        var candidate = line[..colon];
        var after = line[(colon + 1)..];
        if (!IsValidSpeaker(candidate)
            || candidate.Equals(BotNick, StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("//", StringComparison.Ordinal)
            || UriSchemes.Contains(candidate))
        {
            return false;
        }

        speaker = candidate;
        rest = after.Trim();
        return true;
    }

    private ConsoleLine ParseCommand(string line)
    {
        var space = line.IndexOfAny([' ', '\t']);
        var command = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();

        switch (command)
        {
            case "/help" or "/?":
                return new ConsoleLine.HelpRequested();
            case "/quit" or "/exit":
                return new ConsoleLine.QuitRequested();
            case "/as":
                if (!IsValidSpeaker(argument))
                {
                    return new ConsoleLine.Invalid("Usage: /as NAME (1–32 characters, no spaces).");
                }

                if (argument.Equals(BotNick, StringComparison.OrdinalIgnoreCase))
                {
                    return new ConsoleLine.Invalid($"{argument} is the bot; pick another name.");
                }

                Speaker = argument;
                return new ConsoleLine.SpeakerChanged(argument);
            case "/group":
                if (!IsValidGroupId(argument))
                {
                    return new ConsoleLine.Invalid($"Usage: /group NAME (1–{MaxGroupIdLength} characters, no spaces).");
                }

                GroupId = argument;
                return new ConsoleLine.GroupChanged(argument);
            default:
                // The bot's own commands ("/rules", "/mode proactive", "/rule add 运费 => 包邮") are messages to it.
                return line.Length > MaxTextLength
                    ? new ConsoleLine.Invalid($"A message is at most {MaxTextLength} characters.")
                    : new ConsoleLine.Said(GroupId, Speaker, line, true, []);
        }
    }
}
