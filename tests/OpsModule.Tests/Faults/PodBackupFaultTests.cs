using System.Text.Json.Nodes;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Invoke-OpsBackup (BackupService) from the ceoagent postgres pod when the cluster side is wrong: an unknown namespace,
/// pg_dump missing from the image, the exec connection dropping mid-dump. The test cluster's exec runs the real pg_dump
/// against the test server.
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class PodBackupFaultTests(PostgresServer server) : IDisposable
{
    private const string Namespace = "ceoagent";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<ClientTestBed> StartAsync()
    {
        var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        bed.Cluster.Apply(PostgresPods.StatefulSet(Namespace, server));
        await bed.Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, Namespace, "app=postgres") == 1, TimeSpan.FromSeconds(10), "postgres-0 ready");
        return bed;
    }

    private static BackupServiceRequest Request(IBackupStore store, params string[] databases) => new()
    {
        Store = store,
        Context = "prod-aks",
        Namespace = Namespace,
        Databases = databases,
    };

    [Fact]
    public async Task An_unknown_namespace_names_the_namespace_and_how_to_check_it_and_stores_nothing()
    {
        await using var bed = await StartAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(bed.Client).RunAsync(
            Request(store, "users") with { Namespace = "ceoagnet" }, new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, BackupServiceErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound, "kubectl get pods -n ceoagnet");
        FaultAssert.Mentions("'ceoagnet'", info.Message);
        Assert.DoesNotContain(bed.Cluster.Exec.Invocations, i => i.Command[0] == "pg_dump");
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_named_pod_in_an_unknown_namespace_is_not_found_and_nothing_runs()
    {
        await using var bed = await StartAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(bed.Client).RunAsync(
            Request(store, "users") with { Namespace = "ceoagnet", PodName = "postgres-0" }, new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, BackupServiceErrorIds.PodNotFound, OpsErrorCategory.ObjectNotFound, "kubectl get pods -n ceoagnet");
        FaultAssert.Mentions("postgres-0", info.Message);
        Assert.Empty(bed.Cluster.Exec.Invocations);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_config_backup_of_an_unknown_namespace_fails_instead_of_saving_an_empty_backup()
    {
        await using var bed = await StartAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var handlers = new FaultBackupHandlers();

        await new BackupService(bed.Client).RunAsync(
            new BackupServiceRequest { Store = store, Context = "prod-aks", Namespace = "ceoagnet", ConfigOnly = true }, handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        var failure = Assert.Single(handlers.Failed);
        var info = FaultAssert.Classified(failure.Error, ConfigBackupErrorIds.NamespaceNotFound, OpsErrorCategory.ObjectNotFound, "-Namespace");
        FaultAssert.Mentions("'ceoagnet' does not exist", info.Message);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task Pg_dump_missing_from_the_pod_image_says_to_install_it_and_stores_nothing()
    {
        await using var bed = await StartAsync();
        var name = BackupTestDatabase.UniqueName("flt_nopg");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        bed.Cluster.Exec.CommandRewriter = i => i.Command[0] == "pg_dump" ? i with { Command = ["pg_dump-is-not-in-this-image", .. i.Command.Skip(1)] } : i;
        var handlers = new FaultBackupHandlers();

        await new BackupService(bed.Client).RunAsync(Request(store, name), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        var failure = Assert.Single(handlers.Failed);
        var info = FaultAssert.Classified(failure.Error, DatabaseBackupErrorIds.PgDumpNotFound, OpsErrorCategory.NotInstalled, "pg_dump");
        Assert.Contains("not found", info.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(server.Password, info.Message + info.RecommendedAction, StringComparison.Ordinal);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task Ctrl_C_while_pg_dump_in_the_pod_streams_stops_the_exec_and_keeps_nothing()
    {
        await using var bed = await StartAsync();
        var hanging = FakePgDump.Hanging(_dir, 2_000_000);
        bed.Cluster.Exec.CommandRewriter = i => i.Command[0] == "pg_dump" ? i with { Command = [hanging, .. i.Command.Skip(1)] } : i;
        var root = _dir.File("store");
        await using var store = BackupStoreFactory.Create(root);
        using var cancel = new CancellationTokenSource();
        var handlers = new FaultBackupHandlers();
        var started = DateTime.UtcNow;

        var run = new BackupService(bed.Client).RunAsync(Request(store, "users"), handlers.Handlers, null, cancel.Token);
        while (!Directory.Exists(root) || !Directory.EnumerateFiles(root, "*.partial", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0))
        {
            Assert.False(run.IsCompleted, "the backup ended before it could be stopped mid-dump");
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the dump never reached the store");
            await Task.Delay(20);
        }

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(OpsErrorClassifier.Classify(error, cancel.Token).IsStop);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the stopped backup did not end promptly");
        Assert.Empty(handlers.Completed);
        Assert.Empty(handlers.Failed);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task An_exec_stream_dropped_mid_dump_fails_that_database_only_and_the_next_one_is_backed_up()
    {
        await using var bed = await StartAsync();
        var dropped = BackupTestDatabase.UniqueName("flt_drop");
        var next = BackupTestDatabase.UniqueName("flt_next");
        await BackupTestDatabase.CreateAsync(server, dropped);
        await BackupTestDatabase.CreateAsync(server, next);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        bed.Cluster.Exec.DropNextExecAfterBytes(20_000);
        var handlers = new FaultBackupHandlers();

        await new BackupService(bed.Client).RunAsync(Request(store, dropped, next), handlers.Handlers, null, CancellationToken.None);

        var failure = Assert.Single(handlers.Failed);
        Assert.Equal(dropped, failure.Database);
        var info = FaultAssert.Classified(failure.Error, DatabaseBackupErrorIds.DumpInterrupted, OpsErrorCategory.ConnectionError, "Retry");
        FaultAssert.Mentions("Nothing was kept", info.Message);
        var kept = Assert.Single(handlers.Completed);
        Assert.Equal(next, kept.Database);
        await FaultAssert.ListsOnlyAsync(store, kept.Id);
        Assert.Empty(await BackupListing.ListAsync(store, new BackupQuery { Database = dropped, IncludeIncomplete = true }, CancellationToken.None));
    }
}
