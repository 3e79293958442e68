using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// A local backup destination that cannot be written. Tests run as root, where permissions deny nothing, so the faults are
/// ones root cannot write through either: a destination below a regular file, and a dump file that lands on /dev/full
/// (ENOSPC on every write, as a full disk).
/// </summary>
public sealed class LocalDestinationFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_destination_below_a_file_stops_the_run_before_pg_dump_starts_and_lists_nothing()
    {
        var file = _dir.Write("backups-is-a-file", "not a folder");
        await using var store = BackupStoreFactory.Create(Path.Combine(file, "nightly"));
        var ran = _dir.File("pg_dump-ran");

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 1000, ran)), new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.NotWritable, OpsErrorCategory.WriteError, "folder", "write");
        FaultAssert.Mentions(file, info.Message);
        Assert.False(File.Exists(ran), "pg_dump ran although the destination cannot be written");
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_disk_that_fills_up_mid_dump_fails_the_backup_and_leaves_no_partial_file()
    {
        var root = _dir.File("store");
        await using var store = BackupStoreFactory.Create(root);
        var startedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
        const string id = "diskfull";
        var folder = BackupLayout.FolderPath(null, null, "orders", startedAt, id);
        var partial = Path.Combine(root, folder.Replace('/', Path.DirectorySeparatorChar), "orders.sql.gz.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.CreateSymbolicLink(partial, "/dev/full");
        var request = new DatabaseBackupRequest(new ConnectionStringDatabaseSource("Host=127.0.0.1;Port=1;Username=backup", "orders")
        {
            PgDumpPath = FakePgDump.Complete(_dir, 2_000_000),
        })
        {
            Id = id,
        };

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseBackupRunner(store, clock: new FixedClock(startedAt)).RunAsync(request, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.NotWritable, OpsErrorCategory.WriteError, "free space");
        Assert.Contains("space", info.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(partial) || new FileInfo(partial).LinkTarget is not null, "the partial file was left behind");
        await FaultAssert.StoresNothingAsync(store);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
