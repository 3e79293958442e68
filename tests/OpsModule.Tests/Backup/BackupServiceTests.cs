using System.Text.Json.Nodes;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup;

/// <summary>Invoke-OpsBackup's orchestration against the test cluster, whose postgres pods' exec runs pg_dump against the test server.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class BackupServiceTests(PostgresServer server) : IDisposable
{
    private const string Namespace = "ceoagent";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<ClientTestBed> StartClusterAsync(int postgresReplicas = 1, Action<Cluster>? before = null)
    {
        var bed = await ClientTestBed.StartAsync();
        before?.Invoke(bed.Cluster);
        bed.Cluster.Apply(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        var statefulSet = PostgresPods.StatefulSet(Namespace, server, postgresReplicas);
        bed.Cluster.Apply(statefulSet);
        bed.Cluster.Apply(RunbookApps.Deployment(Namespace, "ceoagent-api", 1, "ceoagent-api:1.0"));
        return bed;
    }

    private static Task WaitReadyAsync(ClientTestBed bed, int count) =>
        bed.Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, Namespace, "app=postgres") == count, TimeSpan.FromSeconds(10), "postgres ready");

    private BackupServiceRequest Request(IBackupStore store, params string[] databases) => new()
    {
        Store = store,
        Context = "prod-aks",
        Namespace = Namespace,
        Databases = databases,
    };

    private sealed class Recorder
    {
        public List<OpsBackup> Backups { get; } = [];

        public List<BackupFailure> Failures { get; } = [];

        public List<BackupServiceProgress> Progress { get; } = [];

        public BackupServiceHandlers Handlers => new()
        {
            Completed = b => { Backups.Add(b); return Task.CompletedTask; },
            Failed = f => { Failures.Add(f); return Task.CompletedTask; },
        };

        public IProgress<BackupServiceProgress> Reporter => new SyncProgress(p => { lock (Progress) { Progress.Add(p); } });
    }

    private sealed class SyncProgress(Action<BackupServiceProgress> report) : IProgress<BackupServiceProgress>
    {
        public void Report(BackupServiceProgress value) => report(value);
    }

    [Fact]
    public async Task Two_databases_from_the_selected_pod_are_emitted_with_their_manifest_facts()
    {
        await using var bed = await StartClusterAsync();
        await WaitReadyAsync(bed, 1);
        var users = BackupTestDatabase.UniqueName("svc_users");
        var orders = BackupTestDatabase.UniqueName("svc_orders");
        var usersConnection = await BackupTestDatabase.CreateAsync(server, users);
        await BackupTestDatabase.CreateAsync(server, orders);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        var summary = await new BackupService(bed.Client).RunAsync(
            Request(store, users, orders), recorder.Handlers, recorder.Reporter, CancellationToken.None);

        Assert.Empty(recorder.Failures);
        Assert.Equal([users, orders], recorder.Backups.Select(b => b.Database));
        Assert.Equal(summary.Backups, recorder.Backups);
        var first = recorder.Backups[0];
        Assert.Equal((BackupKind.Database, BackupStatus.Complete, "prod-aks", Namespace, "postgres-0"), (first.Kind, first.Status, first.Context, first.Namespace, first.Source));
        Assert.Equal(BackupFormat.Plain, first.Format);
        Assert.Equal("gzip:6", first.Compression);
        Assert.Equal([users + ".sql.gz"], first.Files);
        Assert.Equal(Path.Combine(_dir.Path, first.FolderPath), first.Location);
        Assert.StartsWith($"prod-aks/{Namespace}/{users}/", first.FolderPath);
        Assert.EndsWith(first.Id, first.FolderPath);
        var dump = await BackupTestDatabase.ReadAllAsync(store, StorePath.Join(first.FolderPath, first.Files[0]));
        Assert.Equal((dump.LongLength, BackupTestDatabase.Sha256(dump)), (first.Size, first.Sha256));
        Assert.StartsWith("15.", first.ServerVersion);
        Assert.StartsWith("15.", first.PgDumpVersion);
        Assert.True(first.DurationSeconds >= 0);
        Assert.Equal(
            BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(usersConnection)),
            BackupTestDatabase.Sorted(first.Tables.Select(t => new BackupTableRowCount(t.Schema, t.Name, t.Rows))));
        Assert.Contains(recorder.Progress, p => p.Dump is { Completed: true, Database: var db } && db == orders);

        // Get-OpsBackup's view of the same backups tells the same story.
        var listed = (await new BackupCatalog(store).ListAsync()).Select(e => OpsBackup.FromCatalogEntry(e, store.Location)).ToArray();
        var again = Assert.Single(listed, b => b.Id == first.Id);
        Assert.Equal((first.Location, first.FolderPath, first.Sha256, first.Size, first.Database, first.Context), (again.Location, again.FolderPath, again.Sha256, again.Size, again.Database, again.Context));
        Assert.Equal(2, listed.Length);
    }

    [Fact]
    public async Task IncludeConfig_makes_each_database_backup_Full_with_the_dump_and_the_configuration_under_one_manifest()
    {
        await using var bed = await StartClusterAsync();
        await WaitReadyAsync(bed, 1);
        var users = BackupTestDatabase.UniqueName("svc_full_users");
        var orders = BackupTestDatabase.UniqueName("svc_full_orders");
        await BackupTestDatabase.CreateAsync(server, users);
        await BackupTestDatabase.CreateAsync(server, orders);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(bed.Client).RunAsync(
            Request(store, users, orders) with { IncludeConfig = true }, recorder.Handlers, recorder.Reporter, CancellationToken.None);

        Assert.Empty(recorder.Failures);
        Assert.Equal([users, orders], recorder.Backups.Select(b => b.Database));
        foreach (var backup in recorder.Backups)
        {
            Assert.Equal(BackupKind.Full, backup.Kind);
            Assert.StartsWith($"prod-aks/{Namespace}/{backup.Database}/", backup.FolderPath);
            Assert.Equal(backup.Database + ".sql.gz", backup.Files[0]);
            Assert.Contains("deployments.yaml", backup.Files);
            Assert.Contains("statefulsets.yaml", backup.Files);
            var dump = await BackupTestDatabase.ReadAllAsync(store, StorePath.Join(backup.FolderPath, backup.Files[0]));
            Assert.Equal(BackupTestDatabase.Sha256(dump), backup.Sha256);
            Assert.True(backup.Size > dump.LongLength, "the size counts the configuration files too");

            // The configuration in the folder is checked against the same manifest and reads back whole.
            var config = await OpsModule.Core.Backup.Config.ConfigBackupReader.ReadAsync(store, backup.FolderPath);
            Assert.Contains(config.Kinds, k => k.Kind.Kind == "Deployment" && k.Objects.Any(o => (string?)o["metadata"]?["name"] == "ceoagent-api"));
        }

        Assert.Contains(recorder.Progress, p => p.Activity == "Config backup");
        var listed = await new BackupCatalog(store).ListAsync();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, e => Assert.Equal((BackupKind.Full, BackupStatus.Complete), (e.Kind, e.Status)));
    }

    [Fact]
    public async Task ConfigOnly_takes_one_Config_backup_in_the_namespace_config_folder()
    {
        await using var bed = await StartClusterAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(bed.Client).RunAsync(
            Request(store) with { ConfigOnly = true }, recorder.Handlers, null, CancellationToken.None);

        var config = Assert.Single(recorder.Backups);
        Assert.Equal(BackupKind.Config, config.Kind);
        Assert.Null(config.Database);
        Assert.Null(config.Sha256);
        Assert.Null(config.Format);
        Assert.StartsWith($"prod-aks/{Namespace}/{BackupLayout.ConfigSegment}/", config.FolderPath);
        Assert.Contains("deployments.yaml", config.Files);
    }

    [Fact]
    public async Task A_failed_dump_in_a_Full_backup_leaves_neither_a_backup_nor_its_configuration_files()
    {
        await using var bed = await StartClusterAsync();
        await WaitReadyAsync(bed, 1);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(bed.Client).RunAsync(
            Request(store, "svc_full_no_such_db") with { IncludeConfig = true }, recorder.Handlers, null, CancellationToken.None);

        Assert.Equal(DatabaseBackupErrorIds.DumpFailed, Assert.IsType<OpsException>(Assert.Single(recorder.Failures).Error).ErrorId);
        Assert.Empty(recorder.Backups);
        Assert.Empty(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.yaml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_missing_database_is_reported_and_the_others_are_still_backed_up()
    {
        await using var bed = await StartClusterAsync();
        await WaitReadyAsync(bed, 1);
        var good = BackupTestDatabase.UniqueName("svc_good");
        await BackupTestDatabase.CreateAsync(server, good);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(bed.Client).RunAsync(Request(store, "svc_no_such_db", good), recorder.Handlers, null, CancellationToken.None);

        var failure = Assert.Single(recorder.Failures);
        Assert.Equal("svc_no_such_db", failure.Database);
        Assert.Equal(DatabaseBackupErrorIds.DumpFailed, Assert.IsType<OpsException>(failure.Error).ErrorId);
        Assert.Equal(good, Assert.Single(recorder.Backups).Database);
        Assert.Equal(good, Assert.Single(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true })).Database);
    }

    [Fact]
    public async Task KeepLast_one_leaves_exactly_the_newest_backup()
    {
        await using var bed = await StartClusterAsync();
        await WaitReadyAsync(bed, 1);
        var name = BackupTestDatabase.UniqueName("svc_keep");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var service = new BackupService(bed.Client);
        var recorder = new Recorder();
        await service.RunAsync(Request(store, name), recorder.Handlers, null, CancellationToken.None);
        await service.RunAsync(Request(store, name), recorder.Handlers, null, CancellationToken.None);
        var asked = new List<string>();

        var summary = await service.RunAsync(
            Request(store, name) with { Retention = new RetentionPolicy(keepLast: 1) },
            recorder.Handlers with { ConfirmRemoval = e => { asked.Add(e.Id); return Task.FromResult(true); } },
            null, CancellationToken.None);

        var newest = recorder.Backups[^1];
        var left = Assert.Single(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        Assert.Equal(newest.Id, left.Id);
        Assert.Equal(recorder.Backups.Take(2).Select(b => b.Id).Order(), asked.Order());
        Assert.Equal(2, summary.Removed.Count());
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, recorder.Backups[0].FolderPath)));
    }

    [Fact]
    public async Task Several_ready_pods_use_the_first_by_name_and_say_so()
    {
        await using var bed = await StartClusterAsync(postgresReplicas: 2);
        await WaitReadyAsync(bed, 2);
        var name = BackupTestDatabase.UniqueName("svc_two");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(bed.Client).RunAsync(Request(store, name), recorder.Handlers, recorder.Reporter, CancellationToken.None);

        Assert.Equal("postgres-0", Assert.Single(recorder.Backups).Source);
        Assert.Contains(recorder.Progress, p => p.Message.Contains("using postgres-0", StringComparison.Ordinal) && p.Message.Contains("-PodName", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_selector_matching_no_pod_stops_with_a_clear_error_and_stores_nothing()
    {
        await using var bed = await StartClusterAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(bed.Client).RunAsync(
            Request(store, "anything") with { Selector = "app=mysql" }, recorder.Handlers, null, CancellationToken.None));

        Assert.Equal(BackupServiceErrorIds.NoDatabasePod, error.ErrorId);
        Assert.Contains("app=mysql", error.Message);
        Assert.Contains("no pod matches", error.Message);
        Assert.Contains("kubectl get pods -n ceoagent -l app=mysql", error.RecommendedAction);
        Assert.Empty(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
    }

    [Fact]
    public async Task Matching_pods_that_are_not_ready_are_named_in_the_error()
    {
        await using var bed = await StartClusterAsync(before: c => c.SetPodBehavior(Namespace, "postgres-0", PodFailure.CrashLoopBackOff));
        await bed.Cluster.WaitUntilAsync(c => c.ListPods(Namespace, "app=postgres").Count == 1, TimeSpan.FromSeconds(10), "postgres-0 created");
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(bed.Client).RunAsync(
            Request(store, "anything"), new Recorder().Handlers, null, CancellationToken.None));

        Assert.Equal(BackupServiceErrorIds.NoDatabasePod, error.ErrorId);
        Assert.Contains("postgres-0 (", error.Message);
        Assert.Contains("not ready", error.Message);
    }

    [Fact]
    public async Task A_named_pod_that_does_not_exist_is_a_clear_error()
    {
        await using var bed = await StartClusterAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(bed.Client).RunAsync(
            Request(store, "anything") with { PodName = "postgres-9" }, new Recorder().Handlers, null, CancellationToken.None));

        Assert.Equal(BackupServiceErrorIds.PodNotFound, error.ErrorId);
        Assert.Contains("postgres-9", error.Message);
    }

    [Fact]
    public async Task A_connection_string_backup_needs_no_cluster_and_keeps_the_password_out_of_the_output()
    {
        var name = BackupTestDatabase.UniqueName("svc_local");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var recorder = new Recorder();

        await new BackupService(api: null).RunAsync(
            new BackupServiceRequest
            {
                Store = store, Databases = [name], ConnectionString = server.ConnectionString(), PgDumpPath = server.Tool("pg_dump"),
                Format = BackupFormat.Custom, Retention = new RetentionPolicy(retentionDays: 7),
            },
            recorder.Handlers, null, CancellationToken.None);

        var backup = Assert.Single(recorder.Backups);
        Assert.Equal((BackupLayout.NoContextSegment, BackupLayout.NoNamespaceSegment, name, BackupFormat.Custom), (backup.Context, backup.Namespace, backup.Database, backup.Format));
        Assert.Null(backup.Compression);
        Assert.NotEmpty(backup.Tables);
        Assert.DoesNotContain(server.Password, string.Join("|", backup.Location, backup.Source, backup.FolderPath, backup.ToString()));
    }

    [Fact]
    public async Task A_pod_backup_without_a_namespace_is_rejected_before_anything_runs()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            new BackupServiceRequest { Store = store, Databases = ["users"] }, new Recorder().Handlers, null, CancellationToken.None));

        Assert.Equal(BackupServiceErrorIds.InvalidRequest, error.ErrorId);
        Assert.Contains("-Namespace", error.Message);
    }
}
