using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup.Database;

/// <summary>pg_dump inside the ceoagent postgres pod through the test cluster's exec (which runs it locally with the pod's env).</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class PodDatabaseBackupTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<ClientTestBed> StartWithPostgresPodAsync()
    {
        var bed = await ClientTestBed.StartAsync();
        var statefulSet = PostgresPods.StatefulSet("ceoagent", server);
        bed.Cluster.Apply(statefulSet);
        await bed.Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, "ceoagent", "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
        return bed;
    }

    private static DatabaseBackupRequest Request(string database, BackupFormat format = BackupFormat.Plain) =>
        new(new PodDatabaseSource("ceoagent", "postgres-0", database) { Context = "prod-aks" }) { Format = format };

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task Pg_dump_in_the_pod_streams_a_backup_whose_counts_match_the_database(BackupFormat format)
    {
        await using var bed = await StartWithPostgresPodAsync();
        var name = BackupTestDatabase.UniqueName("bk_pod");
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var result = await new DatabaseBackupRunner(store, bed.Client.CreateExecClient()).RunAsync(Request(name, format), null, CancellationToken.None);

        var manifest = result.Manifest;
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(connectionString)), BackupTestDatabase.Sorted(manifest.Tables));
        Assert.Equal(new BackupSource { Context = "prod-aks", Namespace = "ceoagent", Pod = "postgres-0", Database = name }, manifest.Source);
        Assert.StartsWith("prod-aks/ceoagent/" + name + "/", result.FolderPath);
        Assert.StartsWith("15.", manifest.ServerVersion);
        Assert.StartsWith("15.", manifest.PgDumpVersion);
        var stored = await BackupTestDatabase.ReadAllAsync(store, result.DumpPath);
        Assert.Equal((stored.Length, BackupTestDatabase.Sha256(stored)), (manifest.Files[0].Size, manifest.Files[0].Sha256));
        Assert.Equal(BackupStatus.Complete, Assert.Single(await new BackupCatalog(store).ListAsync()).Status);
        var dumps = bed.Cluster.Exec.Invocations.Where(i => i.Command[0] == "pg_dump" && i.Command.Count > 2).ToList();
        Assert.Single(dumps);
        Assert.DoesNotContain(dumps[0].Command, a => a.Contains(server.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_exec_stream_fails_the_backup_and_leaves_nothing()
    {
        await using var bed = await StartWithPostgresPodAsync();
        var name = BackupTestDatabase.UniqueName("bk_drop");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        bed.Cluster.Exec.DropNextExecAfterBytes(20_000);

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            new DatabaseBackupRunner(store, bed.Client.CreateExecClient()).RunAsync(Request(name), null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.DumpInterrupted, error.ErrorId);
        Assert.Contains("Retry", error.RecommendedAction);
        await DatabaseBackupRunnerTests.AssertNothingStoredAsync(store);
    }

    [Fact]
    public async Task A_missing_database_in_the_pod_fails_with_pg_dumps_reason_and_leaves_nothing()
    {
        await using var bed = await StartWithPostgresPodAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            new DatabaseBackupRunner(store, bed.Client.CreateExecClient()).RunAsync(Request("no_such_pod_db"), null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.DumpFailed, error.ErrorId);
        Assert.Contains("no_such_pod_db", error.Message);
        Assert.Contains("kubectl exec -it postgres-0 -n ceoagent", error.RecommendedAction);
        Assert.DoesNotContain(server.Password, error.Message);
        await DatabaseBackupRunnerTests.AssertNothingStoredAsync(store);
    }
}
