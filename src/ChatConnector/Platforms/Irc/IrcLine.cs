using System.Text;

namespace ChatCommerce.ChatConnector.Platforms.Irc;

/// <summary>
/// One IRC protocol line (RFC 1459/2812 §2.3.1, IRCv3 message tags):
/// <c>[@tags] [:prefix] COMMAND param… [:trailing]</c>, without its CR LF.
/// </summary>
public sealed record IrcLine(string? Prefix, string Command, IReadOnlyList<string> Parameters)
{
    /// <summary>IRCv3 tags ("msgid", "time"), when the server sends any.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The nick in a "nick!user@host" prefix; null for server lines.</summary>
    public string? SourceNick => Prefix is null || !Prefix.Contains('!') ? null : Prefix[..Prefix.IndexOf('!')];

    public string Parameter(int index) => index < Parameters.Count ? Parameters[index] : "";

    public static IrcLine Parse(string line)
    {
        var rest = line.AsSpan().TrimEnd("\r\n");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rest.StartsWith("@"))
        {
            var tagText = TakeWord(ref rest)[1..];
            foreach (var tag in tagText.ToString().Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = tag.IndexOf('=');
                tags[equals < 0 ? tag : tag[..equals]] = equals < 0 ? "" : tag[(equals + 1)..];
            }
        }

        string? prefix = null;
        if (rest.StartsWith(":"))
        {
            prefix = TakeWord(ref rest)[1..].ToString();
        }

        var command = TakeWord(ref rest).ToString().ToUpperInvariant();
        var parameters = new List<string>();
        while (!rest.IsEmpty)
        {
            if (rest[0] == ':')
            {
                parameters.Add(rest[1..].ToString());
                break;
            }

            parameters.Add(TakeWord(ref rest).ToString());
        }

        return new IrcLine(prefix, command, parameters) { Tags = tags };
    }

    /// <summary>A line to send: the last parameter becomes the trailing one when it needs to (spaces, empty, leading ':').</summary>
    public static string Format(string command, params string[] parameters)
    {
        var text = new StringBuilder(command);
        for (var i = 0; i < parameters.Length; i++)
        {
            // CR, LF and NUL would end the line early or inject another command.
            var parameter = parameters[i].Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ');
            var trailing = i == parameters.Length - 1 && (parameter.Length == 0 || parameter.Contains(' ') || parameter.StartsWith(':'));
            text.Append(trailing ? " :" : " ").Append(parameter);
        }

        return text.ToString();
    }

    /// <summary>Channel names start with '#', '&amp;', '+' or '!' (RFC 2812 §1.3).</summary>
    public static bool IsChannel(string target) => target.Length > 1 && target[0] is '#' or '&' or '+' or '!';

    private static ReadOnlySpan<char> TakeWord(ref ReadOnlySpan<char> rest)
    {
        var space = rest.IndexOf(' ');
        var word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..].TrimStart(' ');
        return word;
    }
}
