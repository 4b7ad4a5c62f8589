using System.Text;

namespace ChatCommerce.ChatConnector.Outbound;

/// <summary>
/// Cuts a reply into pieces that each fit a platform's limit, measured in the platform's own
/// unit: UTF-8 bytes for IRC, UTF-16 code units for Telegram. A piece never ends inside a
/// character (a UTF-8 sequence or a surrogate pair); it ends at a newline when one fits, else
/// after a space or a clause mark (，。！？；、), and only cuts a word when nothing else fits.
/// </summary>
public static class TextSplitter
{
    /// <summary>Counts UTF-8 bytes: IRC's 512-byte line limit.</summary>
    public static int Utf8Bytes(Rune rune) => rune.Utf8SequenceLength;

    /// <summary>Counts UTF-16 code units: how Telegram counts its 4096 characters.</summary>
    public static int Utf16Units(Rune rune) => rune.Utf16SequenceLength;

    /// <param name="text">The text to cut.</param>
    /// <param name="limit">The most units a piece may take.</param>
    /// <param name="measure">The units one character takes.</param>
    /// <param name="oneLinePerPiece">
    /// True for platforms whose messages cannot hold a line break (IRC): every line becomes its own
    /// piece. False keeps line breaks inside pieces and prefers to cut at them.
    /// </param>
    /// <returns>The non-blank pieces, in order, trimmed at their ends.</returns>
    public static IReadOnlyList<string> Split(string text, int limit, Func<Rune, int> measure, bool oneLinePerPiece)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 4);
        var pieces = new List<string>();
        var normalised = text.ReplaceLineEndings("\n");
        foreach (var block in oneLinePerPiece ? normalised.Split('\n') : [normalised])
        {
            Wrap(block, limit, measure, pieces);
        }

        return pieces;
    }

    private static void Wrap(string text, int limit, Func<Rune, int> measure, List<string> pieces)
    {
        var start = 0;
        while (true)
        {
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            if (start >= text.Length)
            {
                return;
            }

            var end = FindEnd(text, start, limit, measure);
            var piece = text[start..end].TrimEnd();
            if (piece.Length > 0)
            {
                pieces.Add(piece);
            }

            start = end;
        }
    }

    /// <summary>Where the piece starting at <paramref name="start"/> ends (exclusive).</summary>
    private static int FindEnd(string text, int start, int limit, Func<Rune, int> measure)
    {
        int width = 0, index = start, afterNewline = -1, afterSoftBreak = -1;
        while (index < text.Length)
        {
            // A lone surrogate decodes as U+FFFD with one code unit consumed: it still never splits a pair.
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            var units = measure(rune);
            if (width + units > limit)
            {
                break;
            }

            width += units;
            index += consumed;
            if (rune.Value == '\n')
            {
                afterNewline = index;
            }
            else if (Rune.IsWhiteSpace(rune) || IsClauseMark(rune))
            {
                afterSoftBreak = index;
            }
        }

        if (index >= text.Length)
        {
            return text.Length;
        }

        if (afterNewline > start)
        {
            return afterNewline;
        }

        return afterSoftBreak > start ? afterSoftBreak : index;
    }

    private static bool IsClauseMark(Rune rune) => rune.Value is '，' or '。' or '！' or '？' or '；' or '、' or '：';
}
