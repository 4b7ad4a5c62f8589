using ChatCommerce.BotServer.Intents.Entities;

namespace ChatCommerce.BotServer.Tests.Intents;

public sealed class NameMatcherTests
{
    private static string Found(NameMatcher<string> matcher, string text) =>
        string.Join(" | ", matcher.Matches(text).Select(m => $"{text[m.Start..m.End]}={m.Value}"));

    private static NameMatcher<string> Of(params string[] names) =>
        new(names.Select(name => KeyValuePair.Create(name, name.ToUpperInvariant())));

    [Fact]
    public void TheLongestNameAtAPositionWinsAndMatchesDoNotOverlap()
    {
        var matcher = Of("蓝牙", "蓝牙耳机", "耳机", "降噪耳机");

        Assert.Equal("蓝牙耳机=蓝牙耳机 | 降噪耳机=降噪耳机", Found(matcher, "想要蓝牙耳机和降噪耳机"));
        Assert.Equal("蓝牙=蓝牙", Found(matcher, "蓝牙音箱"));
    }

    [Fact]
    public void LatinNamesDoNotMatchInsideLongerWordsButDigitsMayTouchLetters()
    {
        var matcher = Of("hp", "t13", "iphone");

        Assert.Equal("", Found(matcher, "php and t130"));
        Assert.Equal("hp=HP | t13=T13", Found(matcher, "hp laptop or t13?"));
        Assert.Equal("iphone=IPHONE", Found(matcher, "iphone16 pro"));
    }

    [Fact]
    public void APrefixThatIsNotANameIsNotAMatch()
    {
        var matcher = Of("小米手环");

        Assert.Equal("", Found(matcher, "小米手机"));
        Assert.Equal("小米手环=小米手环", Found(matcher, "买个小米手环吧"));
    }

    [Fact]
    public void ANameAddedTwiceCountsOnceAndKeepsTheLastValue()
    {
        var matcher = new NameMatcher<int>([KeyValuePair.Create("耳机", 1), KeyValuePair.Create("耳机", 2), KeyValuePair.Create("", 3)]);

        Assert.Equal(1, matcher.Count);
        Assert.Equal([2], matcher.Matches("耳机").Select(m => m.Value));
    }

    [Fact]
    public void ManyNamesSharingPrefixesAreEachFoundWithTheirOwnValue()
    {
        var names = Enumerable.Range(0, 5_000).Select(i => $"型号{i}").ToList();
        var matcher = new NameMatcher<int>(names.Select((name, i) => KeyValuePair.Create(name, i)));

        Assert.Equal(names.Count, matcher.Count);
        Assert.All(new[] { 0, 7, 42, 999, 4_999 }, i => Assert.Equal([i], matcher.Matches($"看看{names[i]}怎么样").Select(m => m.Value)));
    }
}
