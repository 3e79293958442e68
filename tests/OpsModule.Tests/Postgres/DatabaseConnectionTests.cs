using Npgsql;
using OpsModule.Core.Health;
using OpsModule.Core.Health.Checks;
using OpsModule.Core.Postgres;

namespace OpsModule.Tests.Postgres;

public sealed class DatabaseConnectionTests(LowConnectionLimitServer fixture) : IClassFixture<LowConnectionLimitServer>
{
    private static readonly PostgresHealthThresholds Defaults = new();

    [Fact]
    public async Task Connections_over_80_percent_are_a_warning_and_over_95_percent_critical()
    {
        var server = fixture.Server;
        var connectionString = server.ConnectionString();
        var held = new List<NpgsqlConnection>();
        try
        {
            await OpenAsync(held, connectionString, 16);

            var warning = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));
            Assert.Equal(("DatabaseConnectionsHigh", HealthStatus.Warning), (warning.Code, warning.Status));
            Assert.Equal(("17/20", "80 %"), (warning.Observed, warning.Threshold));
            Assert.Contains("85 % of max_connections", warning.Message);
            Assert.Contains("pg_stat_activity", warning.Remediation);

            await OpenAsync(held, connectionString, 3);

            var critical = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));
            Assert.Equal(("DatabaseConnectionsHigh", HealthStatus.Critical), (critical.Code, critical.Status));
            Assert.Equal(("20/20", "95 %"), (critical.Observed, critical.Threshold));
            Assert.Contains("0 left for non-superusers", critical.Message);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        var healthy = Assert.Single(await DatabaseCheckPolling.UntilAsync(connectionString, Defaults, f => f.Any(r => r.Message.Contains("; 1/20 connections", StringComparison.Ordinal))));
        Assert.Equal(("DatabaseReachable", HealthStatus.Healthy), (healthy.Code, healthy.Status));
        Assert.Contains("; 1/20 connections in use", healthy.Message);
    }

    [Fact]
    public async Task A_full_server_refuses_the_probe_with_a_clear_reason()
    {
        var server = fixture.Server;
        var connectionString = server.ConnectionString();
        var held = new List<NpgsqlConnection>();
        try
        {
            await OpenAsync(held, connectionString, LowConnectionLimitServer.MaxConnections);

            var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));

            Assert.Equal(("DatabaseUnreachable", HealthStatus.Critical, PostgresErrorIds.TooManyConnections), (finding.Code, finding.Status, finding.Observed));
            Assert.Contains("connection slots", finding.Message);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task OpenAsync(List<NpgsqlConnection> held, string connectionString, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            held.Add(connection);
        }
    }
}
