using ChatCommerce.ChatConnector.Platforms.Console;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Console;

public sealed class ConsoleLineParserTests
{
    private readonly ConsoleLineParser _parser = new("shopbot", speaker: "me", groupId: "console", addressAll: false);

    [Fact]
    public void LineWithSpeakerPrefixIsSaidByThatSpeaker()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("alice: 有什么耳机推荐"));

        Assert.Equal("alice", said.Speaker);
        Assert.Equal("有什么耳机推荐", said.Text);
        Assert.Equal("console", said.GroupId);
    }

    [Theory]
    [InlineData("alice：有什么耳机推荐")]
    [InlineData("alice： 有什么耳机推荐")]
    [InlineData("alice:有什么耳机推荐")]
    public void FullWidthColonAndMissingSpaceAlsoNameTheSpeaker(string line)
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse(line));

        Assert.Equal("alice", said.Speaker);
        Assert.Equal("有什么耳机推荐", said.Text);
    }

    [Fact]
    public void LineWithoutPrefixIsSaidByTheStartingSpeaker()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("有什么耳机推荐"));

        Assert.Equal("me", said.Speaker);
    }

    [Fact]
    public void SpeakerPrefixMakesThatSpeakerSayTheFollowingLines()
    {
        _parser.Parse("bob: 我也要");

        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("+1"));

        Assert.Equal("bob", said.Speaker);
        Assert.Equal("bob", _parser.Speaker);
    }

    [Fact]
    public void BarePrefixOnlySwitchesTheSpeaker()
    {
        var changed = Assert.IsType<ConsoleLine.SpeakerChanged>(_parser.Parse("bob:"));

        Assert.Equal("bob", changed.Speaker);
        Assert.Equal("bob", _parser.Speaker);
    }

    [Fact]
    public void AsCommandSwitchesTheSpeaker()
    {
        Assert.Equal(new ConsoleLine.SpeakerChanged("bob"), _parser.Parse("/as bob"));

        Assert.Equal("bob", Assert.IsType<ConsoleLine.Said>(_parser.Parse("扣1")).Speaker);
    }

    [Theory]
    [InlineData("/as")]
    [InlineData("/as bob smith")]
    [InlineData("/as shopbot")]
    public void AsCommandRefusesNamesThatCannotSpeak(string line)
    {
        Assert.IsType<ConsoleLine.Invalid>(_parser.Parse(line));
        Assert.Equal("me", _parser.Speaker);
    }

    [Fact]
    public void GroupCommandMovesTheFollowingLinesToThatGroup()
    {
        Assert.Equal(new ConsoleLine.GroupChanged("family"), _parser.Parse("/group family"));

        Assert.Equal("family", Assert.IsType<ConsoleLine.Said>(_parser.Parse("hi")).GroupId);
    }

    [Fact]
    public void GroupCommandWithoutANameIsInvalid()
    {
        Assert.IsType<ConsoleLine.Invalid>(_parser.Parse("/group"));
        Assert.Equal("console", _parser.GroupId);
    }

    [Theory]
    [InlineData("/help")]
    [InlineData("/HELP")]
    [InlineData("/?")]
    public void HelpIsACommand(string line) => Assert.IsType<ConsoleLine.HelpRequested>(_parser.Parse(line));

    [Theory]
    [InlineData("/quit")]
    [InlineData("/exit")]
    public void QuitIsACommand(string line) => Assert.IsType<ConsoleLine.QuitRequested>(_parser.Parse(line));

    [Theory]
    [InlineData("/rules")]
    [InlineData("/rule add 运费 => 全场包邮")]
    [InlineData("/mode proactive")]
    public void AnotherSlashCommandIsSaidToTheBot(string line)
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse(line));

        Assert.Equal(line, said.Text);
        Assert.True(said.MentionsBot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void EmptyLinesAreIgnored(string line) => Assert.IsType<ConsoleLine.Ignored>(_parser.Parse(line));

    [Theory]
    [InlineData("@shopbot 有什么耳机推荐")]
    [InlineData("@ShopBot 有什么耳机推荐")]
    [InlineData("shopbot: 有什么耳机推荐")]
    [InlineData("SHOPBOT：有什么耳机推荐")]
    [InlineData("shopbot, 有什么耳机推荐")]
    [InlineData("shopbot，有什么耳机推荐")]
    [InlineData("有什么耳机推荐 @shopbot")]
    public void AddressToTheBotIsDetectedAndStripped(string line)
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse(line));

        Assert.True(said.MentionsBot);
        Assert.Equal("有什么耳机推荐", said.Text);
        Assert.Equal("me", said.Speaker);
        Assert.Empty(said.MentionedUserIds);
    }

    [Fact]
    public void SpeakerCanAddressTheBot()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("alice: @shopbot 500以内的耳机"));

        Assert.Equal("alice", said.Speaker);
        Assert.True(said.MentionsBot);
        Assert.Equal("500以内的耳机", said.Text);
    }

    [Fact]
    public void LineNotAddressedToTheBotDoesNotMentionIt()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("shopping later?"));

        Assert.False(said.MentionsBot);
        Assert.Equal("shopping later?", said.Text);
    }

    [Fact]
    public void WithAddressAllEveryLineMentionsTheBot()
    {
        var parser = new ConsoleLineParser("shopbot", addressAll: true);

        var said = Assert.IsType<ConsoleLine.Said>(parser.Parse("有什么耳机推荐"));

        Assert.True(said.MentionsBot);
        Assert.Equal("有什么耳机推荐", said.Text);
    }

    [Fact]
    public void MentionsOfOtherUsersAreCollectedAndKeptInTheText()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("@bob @小明 一起拼团吗 @bob"));

        Assert.Equal(["bob", "小明"], said.MentionedUserIds);
        Assert.Equal("@bob @小明 一起拼团吗 @bob", said.Text);
        Assert.False(said.MentionsBot);
    }

    [Fact]
    public void BareBotMentionKeepsItsTextRatherThanSayingNothing()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("@shopbot"));

        Assert.True(said.MentionsBot);
        Assert.Equal("@shopbot", said.Text);
    }

    [Theory]
    [InlineData("http://example.com/p/1 这个怎么样")]
    [InlineData("https://item.jd.com/100012043978.html")]
    [InlineData("mailto:shop@example.com")]
    [InlineData("example.com:8080 打不开")]
    [InlineData("10:30 见")]
    public void UrlsAddressesAndTimesAreNotSpeakers(string line)
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse(line));

        Assert.Equal("me", said.Speaker);
        Assert.Equal(line, said.Text);
    }

    [Fact]
    public void NameLongerThan32CharactersIsNotASpeaker()
    {
        var line = new string('a', 33) + ": hi";

        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse(line));

        Assert.Equal("me", said.Speaker);
        Assert.Equal(line, said.Text);
    }

    [Fact]
    public void PrefixWithSpacesIsNotASpeaker()
    {
        var said = Assert.IsType<ConsoleLine.Said>(_parser.Parse("note to self: buy milk"));

        Assert.Equal("me", said.Speaker);
    }

    [Fact]
    public void OverlongLineIsRefused()
    {
        Assert.IsType<ConsoleLine.Invalid>(_parser.Parse(new string('买', ConsoleLineParser.MaxTextLength + 1)));
    }

    [Fact]
    public void HelpColumnsLineUpInATerminalEvenWithChineseExamples()
    {
        var rows = new ConsoleLineParser("shopbot").Help.Skip(1).ToList();

        Assert.Equal(9, rows.Count);
        Assert.Single(rows.Select(TerminalColumnOfMeaning).Distinct());
    }

    // Where the second column starts on screen: after the example and its gap of spaces, with
    // Chinese characters (and full-width punctuation) two columns wide.
    private static int TerminalColumnOfMeaning(string row)
    {
        var gap = row.IndexOf("  ", 2, StringComparison.Ordinal);
        var meaning = gap + row[gap..].TakeWhile(c => c == ' ').Count();
        return row[..meaning].Sum(c => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\uFF00' and <= '\uFF60') ? 2 : 1);
    }

    [Fact]
    public void HelpNamesTheBotsNick()
    {
        var parser = new ConsoleLineParser("dealbot");

        Assert.Contains(parser.Help, line => line.Contains("@dealbot", StringComparison.Ordinal));
        Assert.DoesNotContain(parser.Help, line => line.Contains("{nick}", StringComparison.Ordinal));
    }
}
