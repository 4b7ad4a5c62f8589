using System.Text;
using ChatCommerce.ChatConnector.Outbound;

namespace ChatCommerce.ChatConnector.Tests.Outbound;

public sealed class TextSplitterTests
{
    [Fact]
    public void ATextThatFitsStaysOnePiece() =>
        Assert.Equal(["推荐这款耳机"], TextSplitter.Split("推荐这款耳机", 100, TextSplitter.Utf8Bytes, oneLinePerPiece: true));

    [Fact]
    public void ChineseTextIsCutBetweenCharactersSoEveryPieceIsValidUtf8WithinTheByteLimit()
    {
        var text = new string('耳', 100); // 3 bytes each

        var pieces = TextSplitter.Split(text, 10, TextSplitter.Utf8Bytes, oneLinePerPiece: true);

        Assert.All(pieces, piece => Assert.InRange(Encoding.UTF8.GetByteCount(piece), 1, 10));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void EmojiOutsideTheBasicPlaneAreNeverCutBetweenTheirSurrogates()
    {
        var text = string.Concat(Enumerable.Repeat("🎧", 50));

        var pieces = TextSplitter.Split(text, 7, TextSplitter.Utf16Units, oneLinePerPiece: false);

        Assert.All(pieces, piece => Assert.True(piece.Length <= 7 && char.IsHighSurrogate(piece[0]) && char.IsLowSurrogate(piece[^1])));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void PiecesEndAtSpacesRatherThanInsideWords() =>
        Assert.Equal(
            ["great noise", "cancelling", "headphones"],
            TextSplitter.Split("great noise cancelling headphones", 12, TextSplitter.Utf8Bytes, oneLinePerPiece: true));

    [Fact]
    public void ChinesePiecesEndAfterAClauseMarkWhenOneFits() =>
        Assert.Equal(
            ["音质很好，", "续航三十小时。"],
            TextSplitter.Split("音质很好，续航三十小时。", 24, TextSplitter.Utf8Bytes, oneLinePerPiece: true));

    [Fact]
    public void ForIrcEveryLineIsItsOwnPieceAndBlankLinesAreDropped() =>
        Assert.Equal(
            ["1. 耳机 ¥299", "2. 音箱 ¥499"],
            TextSplitter.Split("1. 耳机 ¥299\r\n\n2. 音箱 ¥499\n", 100, TextSplitter.Utf8Bytes, oneLinePerPiece: true));

    [Fact]
    public void ForTelegramLineBreaksStayAndAreThePreferredPlaceToCut() =>
        Assert.Equal(
            ["line one\nline two", "line three"],
            TextSplitter.Split("line one\nline two\nline three", 20, TextSplitter.Utf16Units, oneLinePerPiece: false));
}
