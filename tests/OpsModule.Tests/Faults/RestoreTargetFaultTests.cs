using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>Restore-OpsDatabase aimed at a pod that does not exist (a typo in -PodName or -Namespace): a clear not-found error, no database touched.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class RestoreTargetFaultTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("ceoagent", "postgres-9")]
    [InlineData("ceoagnet", "postgres-0")]
    public async Task A_restore_into_a_pod_that_does_not_exist_names_it_and_touches_no_database(string @namespace, string pod)
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PostgresPods.StatefulSet("ceoagent", server));
        await bed.Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, "ceoagent", "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_nopod");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, new PodRestoreTarget(@namespace, pod)) { TargetDatabase = target, Force = true }, null, CancellationToken.None));

        var info = OpsErrorClassifier.Classify(error);
        Assert.True(info.Category == OpsErrorCategory.ObjectNotFound, $"{info.ErrorId} ({info.Category}): {info.Message} | {info.RecommendedAction}");
        FaultAssert.Mentions(pod, info.Message);
        Assert.False(string.IsNullOrWhiteSpace(info.RecommendedAction));
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }
}
