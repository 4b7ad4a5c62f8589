using ChatCommerce.BotServer.Groups;

namespace ChatCommerce.BotServer.Tests.Groups;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new() { Start = "22:00", End = "08:00", TimeZone = "Asia/Shanghai" };

    [Theory]
    [InlineData("2026-11-28T14:30:00Z", true)]  // 22:30 in Shanghai
    [InlineData("2026-11-28T23:59:00Z", true)]  // 07:59 next morning
    [InlineData("2026-11-29T00:00:00Z", false)] // 08:00
    [InlineData("2026-11-28T06:00:00Z", false)] // 14:00
    public void AnOvernightWindowIsReadInItsOwnTimeZone(string utc, bool quiet) =>
        Assert.Equal(quiet, Night.Contains(DateTimeOffset.Parse(utc)));

    [Fact]
    public void ADaytimeWindowHoldsBetweenItsEnds()
    {
        var lunch = new QuietHours { Start = "12:00", End = "13:30", TimeZone = "Europe/Berlin" };

        Assert.True(lunch.Contains(DateTimeOffset.Parse("2026-11-28T11:15:00Z")));
        Assert.False(lunch.Contains(DateTimeOffset.Parse("2026-11-28T12:30:00Z")));
    }

    [Fact]
    public void EqualEndsMeanNeverQuiet() =>
        Assert.False(new QuietHours { Start = "09:00", End = "09:00", TimeZone = "UTC" }.Contains(DateTimeOffset.Parse("2026-11-28T09:00:00Z")));

    [Fact]
    public void AProactiveGroupIsMentionOnlyDuringItsQuietHours()
    {
        var settings = new GroupSettings { ReplyMode = ReplyMode.Proactive, QuietHours = Night };

        Assert.Equal(ReplyMode.MentionOnly, settings.ModeAt(DateTimeOffset.Parse("2026-11-28T15:00:00Z")));
        Assert.Equal(ReplyMode.Proactive, settings.ModeAt(DateTimeOffset.Parse("2026-11-28T05:00:00Z")));
    }
}
