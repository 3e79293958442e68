using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;
using OpsModule.Tests.TestClusterFidelity;

namespace OpsModule.Tests.Restore;

/// <summary>Restore-OpsDatabase without -PodName: the database pod is found by label (default app=postgres), as Invoke-OpsBackup finds it.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class PodSelectorRestoreTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_default_selector_finds_the_ready_postgres_pod_and_the_restore_runs_in_it()
    {
        await using var bed = await ClientTestBed.StartAsync();
        await StartPostgresAsync(bed);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, sourceConnection) = await RestoreFixture.BackUpAsync(server, store, "rs_sel");
        var target = backup.Database + "_s";

        var (pod, note) = await PodRestoreTargetFinder.FindAsync(bed.Client, "ceoagent", podName: null, selector: null, CancellationToken.None);
        var result = await new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, pod) { TargetDatabase = target }, null, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(new PodRestoreTarget("ceoagent", "postgres-0"), pod);
        Assert.Null(note);
        Assert.True(result.Verified);
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(sourceConnection)), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(server.ConnectionString(target))));
        Assert.Contains(bed.Cluster.Exec.Invocations, i => i.Pod == "postgres-0" && i.Command.Contains("psql"));
    }

    [Fact]
    public async Task The_restore_runs_in_the_pod_the_lookup_found_without_reading_the_pod_again()
    {
        await using var bed = await ClientTestBed.StartAsync();
        await StartPostgresAsync(bed);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_once");
        var (pod, _) = await PodRestoreTargetFinder.FindAsync(bed.Client, "ceoagent", podName: "postgres-0", selector: null, CancellationToken.None);
        bed.Cluster.ClearRequestLog();

        var result = await new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, pod) { TargetDatabase = backup.Database + "_o" }, null, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Verified);
        var podReads = bed.Cluster.RequestLog.Where(l => l.StartsWith("GET /api/v1/namespaces/ceoagent/pods", StringComparison.Ordinal) && !l.Contains("/exec", StringComparison.Ordinal));
        Assert.Empty(podReads);
    }

    [Fact]
    public async Task No_matching_pod_is_a_clear_error_naming_namespace_and_selector()
    {
        await using var bed = await ClientTestBed.StartAsync();
        await StartPostgresAsync(bed);

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            PodRestoreTargetFinder.FindAsync(bed.Client, "ceoagent", podName: null, selector: "app=mysql", CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.NoDatabasePod, error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("'ceoagent'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'app=mysql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl get pods -n ceoagent -l app=mysql", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_pod_that_does_not_exist_is_a_restore_error()
    {
        await using var bed = await ClientTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            PodRestoreTargetFinder.FindAsync(bed.Client, "ceoagent", podName: "postgres-9", selector: null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.NoDatabasePod, error.ErrorId);
        Assert.Contains("'postgres-9' does not exist in namespace 'ceoagent'", error.Message, StringComparison.Ordinal);
    }

    private async Task StartPostgresAsync(ClientTestBed bed)
    {
        bed.Cluster.Apply(PostgresPods.StatefulSet("ceoagent", server));
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "ceoagent", "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
    }
}
