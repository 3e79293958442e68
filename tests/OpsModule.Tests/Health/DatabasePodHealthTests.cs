using Npgsql;
using OpsModule.Core.Health;
using OpsModule.Core.Postgres;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Health;

/// <summary>The runbooks' database check, <c>kubectl exec postgres-0 -- psql -U postgres -c 'SELECT 1'</c>, through our exec client.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DatabasePodHealthTests(PostgresServer server)
{
    /// <summary>The ceoagent postgres StatefulSet whose pod's psql reaches the test server (its env carries PGHOST/PGPORT/PGPASSWORD).</summary>
    private async Task<HealthTestBed> StartWithPostgresPodAsync()
    {
        var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(PostgresPods.StatefulSet("ceoagent", server));
        await bed.SettleAsync("ceoagent", "app=postgres", 1);
        return bed;
    }

    private static HealthOptions Options(PostgresPodTarget pod, TimeSpan? longQueries = null) => new()
    {
        Namespaces = ["ceoagent"],
        Checks = new HashSet<HealthCheck> { HealthCheck.Database },
        DatabasePod = pod,
        DatabaseThresholds = new PostgresHealthThresholds { LongQueryThreshold = longQueries ?? TimeSpan.FromSeconds(30) },
    };

    [Fact]
    public async Task Psql_in_the_postgres_pod_reports_the_server()
    {
        await using var bed = await StartWithPostgresPodAsync();
        await server.CreateDatabaseAsync("ceoagent_pod");

        var run = await bed.RunAsync(Options(new PostgresPodTarget("ceoagent", "postgres-0") { Database = "ceoagent_pod" }));

        var finding = run.Single("DatabaseReachable");
        Assert.Equal("pod/postgres-0 (ceoagent)/ceoagent_pod", finding.Name);
        Assert.Contains("15.", finding.Message);
    }

    [Fact]
    public async Task A_long_running_query_is_seen_from_inside_the_pod()
    {
        await using var bed = await StartWithPostgresPodAsync();
        await using var sleeper = new NpgsqlConnection(await server.CreateDatabaseAsync("ceoagent_sleep"));
        await sleeper.OpenAsync();
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(4)", sleeper);
        var sleeping = sleep.ExecuteNonQueryAsync();
        await Task.Delay(1500);

        var run = await bed.RunAsync(Options(new PostgresPodTarget("ceoagent", "postgres-0"), TimeSpan.FromSeconds(1)));
        await sleeping;

        var finding = run.Single("DatabaseLongQueries");
        Assert.Equal(HealthStatus.Warning, finding.Status);
        Assert.Contains("pg_sleep", finding.Message);
    }

    [Fact]
    public async Task A_missing_database_or_pod_is_critical_with_the_psql_to_run()
    {
        await using var bed = await StartWithPostgresPodAsync();

        var noDatabase = await bed.RunAsync(Options(new PostgresPodTarget("ceoagent", "postgres-0") { Database = "no_such_db" }));
        var noPod = await bed.RunAsync(Options(new PostgresPodTarget("ceoagent", "postgres-7")));

        var database = noDatabase.Single("DatabaseUnreachable");
        Assert.Contains("no_such_db", database.Message);
        Assert.Contains("kubectl exec -it postgres-0 -n ceoagent -- psql", database.Remediation);
        Assert.Equal(HealthStatus.Critical, noPod.Single("DatabaseUnreachable").Status);
        Assert.DoesNotContain(server.Password, database.Message + database.Remediation);
    }
}
