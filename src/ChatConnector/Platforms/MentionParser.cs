using System.Text.RegularExpressions;

namespace ChatCommerce.ChatConnector.Platforms;

/// <summary>Who a chat line addresses, and its text with the bot's address taken out.</summary>
/// <param name="Text">The text without the bot's address ("@shopbot", a leading "shopbot:").</param>
/// <param name="AddressesBot">True when the line addresses the bot.</param>
/// <param name="MentionedUserIds">Other users the line @-mentions, in order, without repeats.</param>
public sealed record Mentions(string Text, bool AddressesBot, IReadOnlyList<string> MentionedUserIds);

/// <summary>
/// Finds the bot's address and @-mentions in a line of chat, written the way IRC, Telegram
/// and WeChat users write them: "@shopbot …", "shopbot: …", "shopbot, …" (also with
/// full-width punctuation), and "@alice" for other people.
/// </summary>
public sealed partial class MentionParser(string botNick)
{
    private static readonly char[] AddressSeparators = [':', '：', ',', '，'];

    public string BotNick { get; } = botNick;

    public Mentions Parse(string line)
    {
        var text = line.Trim();
        var addressesBot = false;

        if (TryStripLeadingAddress(text, out var rest))
        {
            addressesBot = true;
            text = rest;
        }

        var mentioned = new List<string>();
        var stripped = AtMention().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (name.Equals(BotNick, StringComparison.OrdinalIgnoreCase))
            {
                addressesBot = true;
                // Keep a space between the words around a mid-line mention ("hey @shopbot what").
                var between = match.Index > 0 && !char.IsWhiteSpace(text[match.Index - 1])
                    && match.Index + match.Length < text.Length;
                return between ? " " : "";
            }

            if (!mentioned.Contains(name, StringComparer.Ordinal))
            {
                mentioned.Add(name);
            }

            return match.Value;
        }).Trim();

        return new Mentions(stripped, addressesBot, mentioned);
    }

    private bool TryStripLeadingAddress(string text, out string rest)
    {
        rest = text;
        if (!text.StartsWith(BotNick, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var after = text.AsSpan(BotNick.Length).TrimStart();
        if (after.IsEmpty || !AddressSeparators.Contains(after[0]))
        {
            return false;
        }

        rest = after[1..].Trim().ToString();
        return true;
    }

    // "@name" not preceded by an ASCII word character, so e-mail addresses (bob@example.com)
    // are not mentions while "看这个@alice" still is. A name ends at whitespace or punctuation
    // other than '_' and '-'; a bot mention also swallows the separator that follows it.
    [GeneratedRegex(@"(?<![A-Za-z0-9_.+\-@])@(?<name>(?:[^\s\p{P}\p{S}]|[_\-]){1,32})(?![^\s\p{P}\p{S}])[\s,，:：]*")]
    private static partial Regex AtMention();
}
