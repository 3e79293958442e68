using System.Net;
using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.S3;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Restore-OpsDatabase interrupted half way: Ctrl+C while psql in the pod is being fed, and an S3 download of the dump that
/// breaks off or keeps failing. The occupied target must be exactly as before and no scratch database may stay.
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class RestoreInterruptionFaultTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task AssertTargetUntouchedAsync(string target, string targetConnection)
    {
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }

    [Fact]
    public async Task Ctrl_C_while_psql_in_the_pod_restores_leaves_the_target_unchanged_and_no_scratch_database()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PostgresPods.StatefulSet("ceoagent", server));
        await bed.Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, "ceoagent", "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_pcx");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        using var cancel = new CancellationTokenSource();
        var stages = new List<DatabaseRestoreStage>();
        var progress = new InlineProgress<DatabaseRestoreProgress>(p =>
        {
            stages.Add(p.Stage);
            if (p.Stage == DatabaseRestoreStage.Restoring) cancel.Cancel();
        });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, new PodRestoreTarget("ceoagent", "postgres-0")) { TargetDatabase = target, Force = true },
            progress, cancel.Token));

        Assert.Contains(DatabaseRestoreStage.Restoring, stages);
        Assert.True(OpsErrorClassifier.Classify(error, cancel.Token).IsStop);
        await AssertTargetUntouchedAsync(target, targetConnection);
    }

    [Fact]
    public async Task An_s3_download_that_breaks_off_mid_dump_fails_clearly_and_changes_nothing()
    {
        await using var s3 = await S3Server.StartAsync();
        var factory = new S3FaultHttpClientFactory();
        await using var store = S3Store(s3, factory);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_s3cut");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        var dumpName = backup.Files.Single(f => f != "manifest.json");
        factory.CutBodyAfter = r => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith("/" + dumpName, StringComparison.Ordinal) ? backup.Size / 2 : null;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.ReadInterrupted, OpsErrorCategory.ReadError, "Retry");
        FaultAssert.Mentions(backup.FolderPath, info.Message);
        await AssertTargetUntouchedAsync(target, targetConnection);
    }

    [Fact]
    public async Task An_s3_download_that_keeps_failing_with_500_fails_clearly_and_changes_nothing()
    {
        await using var s3 = await S3Server.StartAsync();
        var factory = new S3FaultHttpClientFactory();
        await using var store = S3Store(s3, factory);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_s3500");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        var dumpName = backup.Files.Single(f => f != "manifest.json");
        factory.Fault = r => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith("/" + dumpName, StringComparison.Ordinal)
            ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.")
            : null;

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable, "Retry");
        FaultAssert.Mentions("500", info.Message);
        await AssertTargetUntouchedAsync(target, targetConnection);
    }

    private static S3BackupStore S3Store(S3Server s3, S3FaultHttpClientFactory factory)
    {
        var options = s3.Options();
        return new S3BackupStore(s3.NewLocation(), new S3StoreOptions
        {
            ServiceUrl = options.ServiceUrl, AccessKey = options.AccessKey, SecretKey = options.SecretKey, PartSize = options.PartSize, HttpClientFactory = factory,
        });
    }
}
