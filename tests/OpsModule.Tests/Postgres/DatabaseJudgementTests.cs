using OpsModule.Core.Health;
using OpsModule.Core.Health.Checks;
using OpsModule.Core.Postgres;

namespace OpsModule.Tests.Postgres;

/// <summary>The pure half of the check: thresholds at their edges, and states a real server is hard to put into (a slow SELECT 1).</summary>
public sealed class DatabaseJudgementTests
{
    private static readonly PostgresHealthThresholds Defaults = new();

    [Theory]
    [InlineData(80, null)]
    [InlineData(81, HealthStatus.Warning)]
    [InlineData(95, HealthStatus.Warning)]
    [InlineData(96, HealthStatus.Critical)]
    public void Connection_share_is_judged_strictly_above_the_thresholds(int current, HealthStatus? expected)
    {
        var findings = DatabaseCheck.Evaluate(Probe() with { CurrentConnections = current }, Defaults);

        var high = findings.SingleOrDefault(f => f.Code == "DatabaseConnectionsHigh");
        Assert.Equal(expected, high?.Status);
        Assert.Equal(expected is null, findings.Any(f => f.Code == "DatabaseReachable"));
    }

    [Fact]
    public void A_slow_select_1_is_a_warning_with_the_measured_latency()
    {
        var finding = Assert.Single(DatabaseCheck.Evaluate(Probe() with { Latency = TimeSpan.FromMilliseconds(1500) }, Defaults));

        Assert.Equal(("DatabaseSlow", HealthStatus.Warning, "1.5 s", "1 s"), (finding.Code, finding.Status, finding.Observed, finding.Threshold));
        Assert.Equal("db.prod:5432/shop", finding.Name);
    }

    [Fact]
    public void Several_long_queries_report_the_count_and_the_longest()
    {
        var probe = Probe() with
        {
            LongQueries =
            [
                new PostgresLongQuery(101, "app", "shop", TimeSpan.FromSeconds(45), "UPDATE orders SET …"),
                new PostgresLongQuery(202, "report", "shop", TimeSpan.FromSeconds(300), "SELECT * FROM big"),
            ],
        };

        var finding = Assert.Single(DatabaseCheck.Evaluate(probe, Defaults));

        Assert.Equal(("DatabaseLongQueries", "2 (longest 5 min 0 s)", "30 s"), (finding.Code, finding.Observed, finding.Threshold));
        Assert.Contains("pid 202 (report@shop, 5 min 0 s): SELECT * FROM big", finding.Message);
    }

    [Fact]
    public void Statement_text_is_one_line_of_100_characters_with_password_literals_blanked()
    {
        Assert.Equal("ALTER ROLE app PASSWORD '***' VALID UNTIL '***'", PostgresQueryText.Shorten("ALTER ROLE app\n  PASSWORD 'hunter2' VALID UNTIL 'infinity'"));
        Assert.Equal("CREATE USER x PASSWORD '***'", PostgresQueryText.Shorten("CREATE USER x PASSWORD 'it''s-open"));
        var longText = PostgresQueryText.Shorten("SELECT " + string.Join(", ", Enumerable.Range(1, 100)));
        Assert.Equal(100, longText.Length);
        Assert.Equal("SELECT 'kept'", PostgresQueryText.Shorten("SELECT 'kept'"));
    }

    private static PostgresProbeResult Probe() => new()
    {
        Target = "db.prod:5432/shop",
        ServerVersion = "15.18",
        ConnectTime = TimeSpan.FromMilliseconds(20),
        Latency = TimeSpan.FromMilliseconds(2),
        MaxConnections = 100,
        ReservedConnections = 3,
        CurrentConnections = 10,
        LongQueryThreshold = TimeSpan.FromSeconds(30),
        LongQueries = [],
    };
}
