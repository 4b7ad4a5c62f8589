using ChatCommerce.ChatConnector.Platforms;

namespace ChatCommerce.ChatConnector.Tests.Platforms;

public sealed class MentionParserTests
{
    private readonly MentionParser _parser = new("shopbot");

    [Fact]
    public void MidLineBotMentionIsStrippedAndTheWordsAroundItStaySeparated()
    {
        var mentions = _parser.Parse("hey @shopbot, any deals?");

        Assert.True(mentions.AddressesBot);
        Assert.Equal("hey any deals?", mentions.Text);
    }

    [Fact]
    public void EmailAddressIsNotAMention()
    {
        var mentions = _parser.Parse("发票寄到 bob@example.com");

        Assert.Empty(mentions.MentionedUserIds);
        Assert.False(mentions.AddressesBot);
    }

    [Fact]
    public void MentionRightAfterChineseTextCounts()
    {
        Assert.Equal(["alice"], _parser.Parse("看这个@alice").MentionedUserIds);
    }

    [Fact]
    public void MentionEndsAtPunctuation()
    {
        Assert.Equal(["alice"], _parser.Parse("@alice，你看这个").MentionedUserIds);
    }

    [Fact]
    public void NickInsideAWordIsNotAnAddress()
    {
        var mentions = _parser.Parse("shopbots are everywhere");

        Assert.False(mentions.AddressesBot);
        Assert.Equal("shopbots are everywhere", mentions.Text);
    }
}
