using System.Text.Json.Nodes;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using k8s;
using k8s.Models;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;
using OpsModule.Tests.TestClusterFidelity;

namespace OpsModule.Tests.RoundTrip;

/// <summary>
/// The seeds' recovery runbook: back up the ceoagent database through postgres-0, lose data, scale ceoagent-api to 0, restore
/// through postgres-0 over the damaged database, scale ceoagent-api back to 3.
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class CeoAgentRestoreScenarioTests(PostgresServer server) : IDisposable
{
    private const string Namespace = "ceoagent";
    private const string ApiSelector = "app=ceoagent-api";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task Data_lost_after_a_pod_backup_comes_back_while_the_api_is_down_and_the_api_returns_to_three_pods(BackupFormat format)
    {
        await using var bed = await StartCeoAgentAsync();
        var database = BackupTestDatabase.UniqueName("rt_ceo");
        var connection = await RealisticDatabase.CreateAsync(server, database);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var exec = bed.Client.CreateExecClient();
        var backedUp = await new DatabaseBackupRunner(store, exec).RunAsync(
            new DatabaseBackupRequest(new PodDatabaseSource(Namespace, "postgres-0", database)) { Format = format }, null, CancellationToken.None);
        var backup = OpsBackup.FromResult(backedUp, store.Location);
        var countsAtBackup = await RealisticDatabase.RowCountsAsync(connection);
        var contentAtBackup = await RealisticDatabase.ContentFingerprintsAsync(connection);

        await PostgresTestClient.ExecuteAsync(connection, """
            DELETE FROM billing.invoices WHERE id > 120;
            DELETE FROM billing.events WHERE happened >= '2025-01-01';
            TRUNCATE audit.log;
            """);
        Assert.NotEqual(countsAtBackup, await RealisticDatabase.RowCountsAsync(connection));

        var during = new List<(DatabaseRestoreStage Stage, int Pods, int? Replicas)>();
        var progress = new InlineProgress<DatabaseRestoreProgress>(p =>
        {
            if (p.Stage is DatabaseRestoreStage.ScalingDown or DatabaseRestoreStage.Restoring or DatabaseRestoreStage.Swapping or DatabaseRestoreStage.Verifying)
            {
                var replicas = bed.Cluster.Get("apps/v1", "Deployment", Namespace, "ceoagent-api")?["spec"]?["replicas"]?.GetValue<int>();
                lock (during) during.Add((p.Stage, bed.Cluster.ListPods(Namespace, ApiSelector).Count, replicas));
            }
        });

        var result = await new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, new PodRestoreTarget(Namespace, "postgres-0"))
            {
                Force = true, ScaleDown = ["ceoagent-api"], ScaleDownTimeout = TimeSpan.FromSeconds(10),
            },
            progress, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Verified);
        Assert.Equal(database, result.TargetDatabase);
        Assert.Equal($"pod/postgres-0 ({Namespace})/{database}", result.Target);
        var scaled = Assert.Single(result.ScaledDeployments);
        Assert.Equal(("ceoagent-api", 3, true), (scaled.Name, scaled.Replicas, scaled.Restored));

        Assert.Equal(DatabaseRestoreStage.ScalingDown, during[0].Stage);
        var whileRestoring = during.Where(d => d.Stage != DatabaseRestoreStage.ScalingDown).ToList();
        Assert.Contains(whileRestoring, d => d.Stage == DatabaseRestoreStage.Restoring);
        Assert.All(whileRestoring, d => Assert.Equal((0, (int?)0), (d.Pods, d.Replicas)));

        Assert.Equal(countsAtBackup, await RealisticDatabase.RowCountsAsync(connection));
        Assert.Equal(contentAtBackup, await RealisticDatabase.ContentFingerprintsAsync(connection));
        Assert.Equal(
            countsAtBackup.Where(c => c != "billing.events=0").ToList(),
            backup.Tables.Select(t => $"{t.Schema}.{t.Name}={t.Rows}").Order(StringComparer.Ordinal).ToList());
        Assert.Single(await RestoreDatabasesAsync(database));

        Assert.Equal(3, (await bed.Client.GetAsync<V1Deployment>(Namespace, "ceoagent-api", CancellationToken.None)).Spec.Replicas);
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, Namespace, ApiSelector) == 3, TimeSpan.FromSeconds(10), "3 ready ceoagent-api pods");
        Assert.Equal(3, bed.Cluster.ListPods(Namespace, ApiSelector).Count);
    }

    /// <summary>The ceoagent namespace: ceoagent-api with 3 ready pods, and postgres-0 whose psql / pg_dump reach the test server.</summary>
    private async Task<ClientTestBed> StartCeoAgentAsync()
    {
        var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.Deployment(Namespace, "ceoagent-api", 3, "ceoagent/api:2.0"));
        var postgres = PostgresPods.StatefulSet(Namespace, server);
        bed.Cluster.Apply(postgres);
        await bed.Cluster.WaitUntilAsync(
            c => Manifests.ReadyPods(c, Namespace, "app=postgres") == 1 && Manifests.ReadyPods(c, Namespace, ApiSelector) == 3,
            TimeSpan.FromSeconds(10), "postgres-0 and 3 ceoagent-api pods ready");
        return bed;
    }

    /// <summary>Databases named like the restored one: a restore that swaps through a scratch copy must leave none behind.</summary>
    private async Task<List<string>> RestoreDatabasesAsync(string database) =>
        await PostgresTestClient.LinesAsync(server.ConnectionString(),
            $"SELECT datname::text FROM pg_database WHERE starts_with(datname, '{database}') ORDER BY 1");
}
