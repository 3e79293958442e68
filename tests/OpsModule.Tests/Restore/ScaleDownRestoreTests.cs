using System.Text.Json.Nodes;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
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

namespace OpsModule.Tests.Restore;

/// <summary>The runbook's scale-down / restore / scale-back, and psql / pg_restore in the postgres pod, through the test cluster.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class ScaleDownRestoreTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<ClientTestBed> StartWithApiAsync()
    {
        var bed = await ClientTestBed.StartAsync();
        var api = RunbookApps.Deployment("ceoagent", "ceoagent-api", 3, "ceoagent/api:1.0");
        api["metadata"]!["labels"] = new JsonObject { ["tier"] = "api" }; // -ScaleDownSelector matches the deployments' own labels
        bed.Cluster.Apply(api);
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "ceoagent", "app=ceoagent-api") == 3, TimeSpan.FromSeconds(10), "api pods ready");
        return bed;
    }

    private static async Task<int?> ReplicasAsync(ClientTestBed bed) =>
        (await bed.Client.GetAsync<V1Deployment>("ceoagent", "ceoagent-api", CancellationToken.None)).Spec.Replicas;

    [Fact]
    public async Task The_api_is_scaled_to_zero_during_the_restore_and_back_to_its_replicas_after_it()
    {
        await using var bed = await StartWithApiAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_scale");
        var podsDuringRestore = new List<int>();
        var progress = new InlineProgress<DatabaseRestoreProgress>(p =>
        {
            if (p.Stage == DatabaseRestoreStage.Restoring || p.Stage == DatabaseRestoreStage.Swapping)
            {
                podsDuringRestore.Add(bed.Cluster.List("v1", "Pod", "ceoagent").Count(o => o["metadata"]?["labels"]?["app"]?.GetValue<string>() == "ceoagent-api"));
            }
        });

        var result = await new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server))
            {
                TargetDatabase = backup.Database + "_t", ScaleDown = ["ceoagent-api"], ScaleDownNamespace = "ceoagent", ScaleDownTimeout = TimeSpan.FromSeconds(10),
            },
            progress, CancellationToken.None);

        Assert.True(result.Verified);
        var scaled = Assert.Single(result.ScaledDeployments);
        Assert.Equal(("ceoagent-api", 3, true), (scaled.Name, scaled.Replicas, scaled.Restored));
        Assert.NotEmpty(podsDuringRestore);
        Assert.All(podsDuringRestore, count => Assert.Equal(0, count));
        Assert.Equal(3, await ReplicasAsync(bed));
    }

    [Fact]
    public async Task A_failed_restore_still_scales_the_api_back()
    {
        await using var bed = await StartWithApiAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_scfail");
        RestoreFixture.Damage(_dir, backup, truncate: false);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server))
            {
                TargetDatabase = backup.Database + "_t", ScaleDownSelector = "tier=api", ScaleDownNamespace = "ceoagent",
            },
            null, CancellationToken.None));

        Assert.True(error.ErrorId == DatabaseRestoreErrorIds.ChecksumMismatch, error.Message);
        Assert.Equal(3, await ReplicasAsync(bed));
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "ceoagent", "app=ceoagent-api") == 3, TimeSpan.FromSeconds(10), "api pods back");
    }

    [Fact]
    public async Task An_unknown_deployment_fails_before_anything_is_scaled_or_restored()
    {
        await using var bed = await StartWithApiAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_scmiss");

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server))
            {
                TargetDatabase = backup.Database + "_t", ScaleDown = ["ceoagent-api", "no-such-api"], ScaleDownNamespace = "ceoagent",
            },
            null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.ScaleDownFailed, error.ErrorId);
        Assert.Contains("no-such-api", error.Message);
        Assert.Equal(3, await ReplicasAsync(bed));
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, backup.Database + "_t"));
    }

    [Theory]
    [InlineData(BackupFormat.Plain, false)]
    [InlineData(BackupFormat.Custom, false)]
    [InlineData(BackupFormat.Plain, true)]
    [InlineData(BackupFormat.Custom, true)]
    public async Task Psql_and_pg_restore_in_the_pod_restore_the_backup_also_on_v4_exec_servers(BackupFormat format, bool v4Only)
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PostgresPods.StatefulSet("ceoagent", server));
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "ceoagent", "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
        if (v4Only) bed.Cluster.Exec.SupportedProtocols = [OpsModule.TestCluster.Exec.ExecProtocols.V4];
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, sourceConnection) = await RestoreFixture.BackUpAsync(server, store, "rs_pod", format);
        var target = backup.Database + "_p";

        var result = await new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, new PodRestoreTarget("ceoagent", "postgres-0")) { TargetDatabase = target }, null,
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Verified);
        Assert.Equal($"pod/postgres-0 (ceoagent)/{target}", result.Target);
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(sourceConnection)), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(server.ConnectionString(target))));
        Assert.DoesNotContain(bed.Cluster.Exec.Invocations, i => i.Command.Any(a => a.Contains(server.Password, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancelling_mid_restore_leaves_the_target_unchanged_and_scales_the_api_back()
    {
        await using var bed = await StartWithApiAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_cancel");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<DatabaseRestoreProgress>(p =>
        {
            if (p.Stage == DatabaseRestoreStage.Restoring) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DatabaseRestoreRunner(store, bed.Client).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server))
            {
                TargetDatabase = target, Force = true, ScaleDown = ["ceoagent-api"], ScaleDownNamespace = "ceoagent",
            },
            progress, cancel.Token));

        Assert.Equal(3, await ReplicasAsync(bed));
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }
}
