using System.Text;
using ChatCommerce.ChatConnector.Outbound;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Platforms.Irc;

/// <summary>
/// Turns a <see cref="BotReply"/> into PRIVMSG texts for one channel: mentions first, IRC style
/// ("alice, bob: …"), then the text cut so that each line as the other users receive it,
/// ":nick!user@host PRIVMSG #chan :text\r\n", stays within the 512 bytes of RFC 2812 §2.3.
/// </summary>
public static class IrcReplyFormatter
{
    public const int MaxLineBytes = 512;

    // The server puts ":nick!user@host " before the line when it relays it: up to ~10 bytes of
    // user name (with a "~" when ident fails) and 63 of host name (RFC 1123) besides the nick.
    private const int UserAndHostMargin = 1 + 1 + 10 + 1 + 63 + 1;

    /// <summary>How many bytes of text fit in one PRIVMSG to <paramref name="channel"/> from <paramref name="nick"/>.</summary>
    public static int TextBytesPerLine(string nick, string channel) =>
        MaxLineBytes - UserAndHostMargin - Encoding.UTF8.GetByteCount(nick) - Encoding.UTF8.GetByteCount($"PRIVMSG {channel} :\r\n");

    public static IReadOnlyList<string> Lines(string nick, string channel, BotReply reply)
    {
        var text = reply.Text;
        var mentions = reply.MentionUserIds.Where(user => !text.Contains($"@{user}", StringComparison.Ordinal) && !text.StartsWith($"{user}:", StringComparison.Ordinal)).ToList();
        if (mentions.Count > 0)
        {
            text = $"{string.Join(", ", mentions)}: {text}";
        }

        return TextSplitter.Split(text, TextBytesPerLine(nick, channel), TextSplitter.Utf8Bytes, oneLinePerPiece: true);
    }
}
