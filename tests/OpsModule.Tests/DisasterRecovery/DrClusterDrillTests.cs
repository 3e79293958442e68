using System.Text.Json.Nodes;
using OpsModule.Core.Backup;
using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;
using OpsModule.Tests.TestClusterFidelity;

namespace OpsModule.Tests.DisasterRecovery;

/// <summary>
/// The runbooks' monthly drill across two clusters: a Full backup taken through postgres-0 of the primary, restored by the drill
/// through postgres-0 of the DR cluster (Test-DisasterRecovery -PrimaryContext prod -TargetContext dr -TargetNamespace ceoagent-dr).
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DrClusterDrillTests(PostgresServer server) : IDisposable
{
    private const string PrimaryNamespace = "ceoagent";
    private const string DrNamespace = "ceoagent-dr";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<ClientTestBed> StartClusterWithPostgresAsync(string ns)
    {
        var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        bed.Cluster.Apply(PostgresPods.StatefulSet(ns, server));
        bed.Cluster.Apply(RunbookApps.Deployment(ns, "ceoagent-api", 1, "ceoagent/api:2.0"));
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, ns, "app=postgres") == 1, TimeSpan.FromSeconds(10), $"postgres-0 ready in {ns}");
        return bed;
    }

    [Fact]
    public async Task A_Full_backup_of_the_primary_is_restored_verified_and_dropped_through_the_DR_clusters_pod()
    {
        await using var primary = await StartClusterWithPostgresAsync(PrimaryNamespace);
        await using var dr = await StartClusterWithPostgresAsync(DrNamespace);
        var database = BackupTestDatabase.UniqueName("drx_app");
        await BackupTestDatabase.CreateAsync(server, database);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var summary = await new BackupService(primary.Client).RunAsync(
            new BackupServiceRequest { Store = store, Context = "prod-aks", Namespace = PrimaryNamespace, Databases = [database], IncludeConfig = true },
            new BackupServiceHandlers { Completed = _ => Task.CompletedTask, Failed = f => throw f.Error }, null, CancellationToken.None);
        var backup = Assert.Single(summary.Backups);
        Assert.Equal(BackupKind.Full, backup.Kind);
        primary.Cluster.ClearRequestLog();
        var progress = new List<DisasterRecoveryProgress>();

        var result = await new DisasterRecoveryDrill(store, targetKubernetes: dr.Client, primaryKubernetes: primary.Client).RunAsync(
            new DisasterRecoveryDrillRequest(backup, new PodRestoreTarget(DrNamespace, "postgres-0") { Context = "dr-aks" })
            {
                VerifyQueries = ["SELECT 1 FROM users LIMIT 1"],
            },
            new InlineProgress<DisasterRecoveryProgress>(p => { lock (progress) progress.Add(p); }),
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Steps));
        Assert.True(result.Steps.Single(s => s.Name == DisasterRecoveryStepNames.PrimaryReachable).Passed);
        Assert.True(result.RowCountsMatched);
        Assert.Equal($"pod/postgres-0 ({DrNamespace})", result.Target);
        Assert.Contains(dr.Cluster.RequestLog, l => l.Contains($"/namespaces/{DrNamespace}/pods/postgres-0/exec", StringComparison.Ordinal));
        Assert.DoesNotContain(primary.Cluster.RequestLog, l => l.Contains("/exec", StringComparison.Ordinal));
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, result.ScratchDatabase));

        // The progress bar walks the steps in order, and shows the restore's bytes against the dump's size.
        Assert.Equal(
            [DisasterRecoveryStepNames.PrimaryReachable, DisasterRecoveryStepNames.ChecksumAndRestore, DisasterRecoveryStepNames.Verify, DisasterRecoveryStepNames.Cleanup],
            progress.Select(p => p.Step).Distinct().ToArray());
        Assert.Contains(progress, p => p.Restore is { } r && r.TotalBytes == backup.Manifest!.Files[0].Size && r.BytesRead == r.TotalBytes);
    }
}
