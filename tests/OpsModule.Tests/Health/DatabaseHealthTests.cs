using OpsModule.Core.Health;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Health;

/// <summary>The Database check as Get-OpsHealth runs it: next to the cluster checks, from -DatabaseConnection.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DatabaseHealthTests(PostgresServer server)
{
    [Fact]
    public async Task The_ceoagent_database_is_checked_alongside_the_cluster()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        var connection = await server.CreateDatabaseAsync("ceoagent");

        var run = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["ceoagent"], Checks = new HashSet<HealthCheck> { HealthCheck.Workloads, HealthCheck.Database }, DatabaseConnection = connection,
        });

        var database = run.Single("DatabaseReachable");
        Assert.Equal(("Database", $"127.0.0.1:{server.Port}/ceoagent"), (database.Kind, database.Name));
        Assert.Contains(run.Results, r => r.Check == HealthCheck.Workloads);
        Assert.DoesNotContain(run.Results, r => (r.Message + r.Remediation + r.Observed).Contains(server.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_database_is_critical_and_never_shows_the_password()
    {
        await using var bed = await HealthTestBed.StartAsync();
        const string password = "Pr0d-Passw0rd-never-print";

        var run = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["ceoagent"], Checks = new HashSet<HealthCheck> { HealthCheck.Database },
            DatabaseConnection = $"Host=127.0.0.1;Port=1;Database=ceoagent;Username=postgres;Password={password};Timeout=2",
        });

        var finding = run.Single("DatabaseUnreachable");
        Assert.Equal(HealthStatus.Critical, finding.Status);
        Assert.Contains("psql", finding.Remediation);
        Assert.DoesNotContain(password, finding.Message + finding.Remediation + finding.Observed);
    }

    [Fact]
    public async Task Without_a_connection_the_database_check_stays_silent()
    {
        await using var bed = await HealthTestBed.StartAsync();

        var run = await bed.RunAsync("ceoagent", HealthCheck.Database);

        Assert.Empty(run.Results);
    }
}
