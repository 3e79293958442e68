using System.Text;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup.Database;

/// <summary>Local pg_dump (connection string) into a local folder store, against the real PostgreSQL test server.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DatabaseBackupRunnerTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IBackupStore Store() => BackupStoreFactory.Create(_dir.Path);

    private DatabaseBackupRequest Request(string connectionString, BackupFormat format = BackupFormat.Plain) =>
        new(new ConnectionStringDatabaseSource(connectionString) { PgDumpPath = server.Tool("pg_dump") }) { Format = format };

    [Fact]
    public async Task A_plain_backup_counts_the_rows_in_the_dump_and_restores_identically()
    {
        var name = BackupTestDatabase.UniqueName("bk_plain");
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        await using var store = Store();
        var reports = new List<DatabaseBackupProgress>();

        var result = await new DatabaseBackupRunner(store).RunAsync(Request(connectionString), new RecordingProgress(reports), CancellationToken.None);

        var manifest = result.Manifest;
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(connectionString)), BackupTestDatabase.Sorted(manifest.Tables));
        Assert.Contains(manifest.Tables, t => t is { Schema: "public", Name: "big", Rows: 10_000 });
        Assert.Contains(manifest.Tables, t => t is { Schema: "app", Name: "Order Items", Rows: 3 });
        Assert.Equal(BackupKind.Database, manifest.Kind);
        Assert.Equal(BackupFormat.Plain, manifest.Format);
        Assert.Equal(new BackupCompression("gzip", 6), manifest.Compression);
        Assert.Equal("127.0.0.1", manifest.Source.Host);
        Assert.Equal(name, manifest.Source.Database);
        Assert.StartsWith("15.", manifest.ServerVersion);
        Assert.StartsWith("15.", manifest.PgDumpVersion);
        Assert.True(manifest.CompletedAt >= manifest.StartedAt);

        var file = Assert.Single(manifest.Files);
        Assert.Equal(name + ".sql.gz", file.Name);
        var stored = await BackupTestDatabase.ReadAllAsync(store, result.DumpPath);
        Assert.Equal(stored.Length, file.Size);
        Assert.Equal(BackupTestDatabase.Sha256(stored), file.Sha256);

        var listed = Assert.Single(await new BackupCatalog(store).ListAsync());
        Assert.Equal(BackupStatus.Complete, listed.Status);
        Assert.Equal(manifest.Id, listed.Id);
        Assert.Equal(result.FolderPath, listed.FolderPath);

        var sql = BackupTestDatabase.Gunzip(stored);
        Assert.DoesNotContain(server.Password, Encoding.UTF8.GetString(sql));
        var restored = name + "_r";
        await server.CreateDatabaseAsync(restored);
        await server.RunToolAsync("psql", restored, sql, "-X", "-q", "-v", "ON_ERROR_STOP=1");
        var restoredConnection = server.ConnectionString(restored);
        Assert.Equal(BackupTestDatabase.Sorted(manifest.Tables), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(restoredConnection)));
        Assert.Equal(await BackupTestDatabase.TrickyValuesAsync(connectionString), await BackupTestDatabase.TrickyValuesAsync(restoredConnection));
        Assert.Contains(BackupTestDatabase.TrickyText, await BackupTestDatabase.TrickyValuesAsync(restoredConnection));
        var last = reports.Last();
        Assert.True(last.Completed);
        Assert.Equal(sql.Length, last.BytesDumped);
        Assert.Equal(stored.Length, last.BytesStored);
    }

    [Fact]
    public async Task A_custom_backup_counts_rows_in_the_snapshot_pg_dump_uses_and_restores_with_pg_restore()
    {
        var name = BackupTestDatabase.UniqueName("bk_custom");
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        await using var store = Store();

        var result = await new DatabaseBackupRunner(store).RunAsync(Request(connectionString, BackupFormat.Custom), null, CancellationToken.None);

        var manifest = result.Manifest;
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(connectionString)), BackupTestDatabase.Sorted(manifest.Tables));
        Assert.Equal(BackupFormat.Custom, manifest.Format);
        Assert.Null(manifest.Compression);
        Assert.StartsWith("15.", manifest.ServerVersion);
        Assert.StartsWith("15.", manifest.PgDumpVersion);
        var file = Assert.Single(manifest.Files);
        Assert.Equal(name + ".dump", file.Name);
        var stored = await BackupTestDatabase.ReadAllAsync(store, result.DumpPath);
        Assert.Equal("PGDMP", Encoding.ASCII.GetString(stored, 0, 5));
        Assert.Equal((stored.Length, BackupTestDatabase.Sha256(stored)), (file.Size, file.Sha256));

        var restored = name + "_r";
        await server.CreateDatabaseAsync(restored);
        await server.RunToolAsync("pg_restore", restored, stored, "--exit-on-error", "-d", restored);
        Assert.Equal(BackupTestDatabase.Sorted(manifest.Tables), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(server.ConnectionString(restored))));
    }

    [Fact]
    public async Task A_missing_database_fails_with_pg_dumps_reason_and_leaves_nothing()
    {
        await using var store = Store();
        var request = Request(server.ConnectionString("no_such_database_x"));

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseBackupRunner(store).RunAsync(request, null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.DumpFailed, error.ErrorId);
        Assert.Contains("no_such_database_x", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.DoesNotContain(server.Password, error.Message + error.RecommendedAction + request.Source);
        await AssertNothingStoredAsync(store);
    }

    [Fact]
    public async Task A_custom_backup_of_a_missing_database_fails_before_anything_is_stored()
    {
        await using var store = Store();

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            new DatabaseBackupRunner(store).RunAsync(Request(server.ConnectionString("no_such_database_y"), BackupFormat.Custom), null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.SnapshotFailed, error.ErrorId);
        Assert.DoesNotContain(server.Password, error.Message);
        await AssertNothingStoredAsync(store);
    }

    [Fact]
    public async Task Cancelling_mid_dump_stops_pg_dump_and_leaves_nothing()
    {
        // A pg_dump stand-in that writes the start of a dump, then hangs as a slow server would.
        var hanging = _dir.WriteScript("fake_pg_dump", "printf -- '-- Dumped from database version 15.18\\nCOPY public.t (id) FROM stdin;\\n1\\n'\nexec sleep 60");
        await using var store = BackupStoreFactory.Create(_dir.File("store"));
        var request = new DatabaseBackupRequest(new ConnectionStringDatabaseSource(server.ConnectionString()) { PgDumpPath = hanging });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DatabaseBackupRunner(store).RunAsync(request, null, cancel.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the cancelled backup did not stop promptly");
        await AssertNothingStoredAsync(store);
    }

    [Fact]
    public async Task A_dump_that_ends_without_the_complete_marker_is_not_kept()
    {
        var truncated = _dir.WriteScript("truncating_pg_dump", "printf -- '-- Dumped from database version 15.18\\nCOPY public.t (id) FROM stdin;\\n1\\n'\nexit 0");
        await using var store = BackupStoreFactory.Create(_dir.File("store"));
        var request = new DatabaseBackupRequest(new ConnectionStringDatabaseSource(server.ConnectionString()) { PgDumpPath = truncated });

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseBackupRunner(store).RunAsync(request, null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.DumpInterrupted, error.ErrorId);
        await AssertNothingStoredAsync(store);
    }

    [Fact]
    public async Task A_missing_pg_dump_says_what_to_install()
    {
        await using var store = Store();
        var request = new DatabaseBackupRequest(new ConnectionStringDatabaseSource(server.ConnectionString()) { PgDumpPath = _dir.File("nope/pg_dump") });

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseBackupRunner(store).RunAsync(request, null, CancellationToken.None));

        Assert.Equal(DatabaseBackupErrorIds.PgDumpNotFound, error.ErrorId);
        Assert.Contains("Install", error.RecommendedAction);
        await AssertNothingStoredAsync(store);
    }

    internal static async Task AssertNothingStoredAsync(IBackupStore store)
    {
        Assert.Empty(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        var files = new List<BackupStoreFile>();
        await foreach (var file in store.ListFilesAsync(string.Empty)) files.Add(file);
        Assert.Empty(files);
    }
}

internal sealed class RecordingProgress(List<DatabaseBackupProgress> reports) : IProgress<DatabaseBackupProgress>
{
    public void Report(DatabaseBackupProgress value)
    {
        lock (reports) reports.Add(value);
    }
}
