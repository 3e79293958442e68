using OpsModule.Core.Health;

namespace OpsModule.Tests.Health;

public sealed class HealthScoreTests
{
    private static OpsHealthResult Result(HealthStatus status) =>
        new() { Code = "X", Status = status, Check = HealthCheck.Pods, Kind = "Pod", Name = "p", Message = "m" };

    [Fact]
    public void Scores_healthy_as_one_warning_as_half_critical_as_nothing()
    {
        var results = new[] { HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Warning, HealthStatus.Critical }.Select(Result).ToList();

        var report = HealthScore.Summarize("aks-prod", ["test"], results, TimeSpan.FromSeconds(1));

        Assert.Equal(62, report.Score);
        Assert.Equal("D", report.Grade);
        Assert.Equal(HealthStatus.Critical, report.Status);
        Assert.Equal((2, 1, 1, 0), (report.Healthy, report.Warning, report.Critical, report.Unknown));
    }

    [Fact]
    public void One_critical_among_many_healthy_grades_no_better_than_D()
    {
        var results = Enumerable.Repeat(HealthStatus.Healthy, 40).Append(HealthStatus.Critical).Select(Result).ToList();

        var report = HealthScore.Summarize("aks-prod", ["test"], results, TimeSpan.FromSeconds(1));

        Assert.Equal(HealthStatus.Critical, report.Status);
        Assert.Equal(HealthScore.CriticalCeiling, report.Score);
        Assert.Equal("D", report.Grade);
    }

    [Fact]
    public void One_warning_among_many_healthy_is_never_an_A()
    {
        var results = Enumerable.Repeat(HealthStatus.Healthy, 40).Append(HealthStatus.Warning).Select(Result).ToList();

        var report = HealthScore.Summarize("aks-prod", ["test"], results, TimeSpan.FromSeconds(1));

        Assert.Equal((HealthStatus.Warning, "B"), (report.Status, report.Grade));
    }

    [Theory]
    [InlineData(100, "A")]
    [InlineData(90, "A")]
    [InlineData(89, "B")]
    [InlineData(70, "C")]
    [InlineData(60, "D")]
    [InlineData(50, "E")]
    [InlineData(49, "F")]
    public void Grades_like_popeye(int score, string grade) => Assert.Equal(grade, HealthScore.Grade(score));

    [Fact]
    public void Nothing_to_judge_is_healthy() =>
        Assert.Equal((HealthStatus.Healthy, 100), (HealthScore.Summarize("c", [], [], TimeSpan.Zero).Status, HealthScore.Summarize("c", [], [], TimeSpan.Zero).Score));
}
