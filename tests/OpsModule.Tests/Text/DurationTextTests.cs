using OpsModule.Core.Text;

namespace OpsModule.Tests.Text;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("2H", 2 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 24h ", 86400)]
    [InlineData("02:00:00", 7200)]
    [InlineData("1.00:00:00", 86400)]
    public void Reads_the_durations_admins_type(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("2 hours")]
    [InlineData("-2h")]
    [InlineData("2x")]
    [InlineData("yesterday")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(DurationText.TryParse(text, out _));
}
