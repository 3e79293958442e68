using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Restore;

/// <summary>Local psql / pg_restore against the real PostgreSQL test server, from a local folder store.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DatabaseRestoreRunnerTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task A_backup_restores_into_a_new_database_with_the_manifests_row_counts(BackupFormat format)
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, sourceConnection) = await RestoreFixture.BackUpAsync(server, store, "rs_new", format);
        var target = backup.Database + "_to";
        var reports = new List<DatabaseRestoreProgress>();

        var result = await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target }, new Recorder(reports), CancellationToken.None);

        Assert.True(result.Verified);
        Assert.Empty(result.Mismatches);
        Assert.Equal(backup.Tables.Count, result.TablesVerified);
        Assert.Equal(backup.Size, result.Bytes);
        Assert.Equal(backup.Id, result.BackupId);
        Assert.Equal(target, result.TargetDatabase);
        Assert.Equal($"127.0.0.1:{server.Port}/{target}", result.Target);
        Assert.DoesNotContain(server.Password, result.Target);
        var restored = server.ConnectionString(target);
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(sourceConnection)), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(restored)));
        Assert.Equal(await BackupTestDatabase.TrickyValuesAsync(sourceConnection), await BackupTestDatabase.TrickyValuesAsync(restored));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
        Assert.Equal(DatabaseRestoreStage.Completed, reports.Last().Stage);
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_without_Force_and_left_unchanged()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_busy");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target }, null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.TargetNotEmpty, error.ErrorId);
        Assert.Contains("-Force", error.RecommendedAction);
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }

    [Fact]
    public async Task With_Force_a_non_empty_target_is_replaced_by_the_backup()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, sourceConnection) = await RestoreFixture.BackUpAsync(server, store, "rs_force");
        var target = backup.Database + "_t";
        await RestoreFixture.CreateOccupiedAsync(server, target);

        var result = await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None);

        Assert.True(result.Verified);
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(sourceConnection)), BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(server.ConnectionString(target))));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }

    [Theory]
    [InlineData(BackupFormat.Plain, false)]
    [InlineData(BackupFormat.Plain, true)]
    [InlineData(BackupFormat.Custom, false)]
    [InlineData(BackupFormat.Custom, true)]
    public async Task A_damaged_dump_fails_and_changes_nothing_even_with_Force(BackupFormat format, bool truncate)
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_bad", format);
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        RestoreFixture.Damage(_dir, backup, truncate);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.ChecksumMismatch, error.ErrorId);
        Assert.Contains("Nothing was changed", error.Message);
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }

    [Fact]
    public async Task A_damaged_dump_into_a_new_database_leaves_no_database_behind()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_gone");
        var target = backup.Database + "_t";
        RestoreFixture.Damage(_dir, backup, truncate: true);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, RestoreFixture.Target(server)) { TargetDatabase = target }, null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.ChecksumMismatch, error.ErrorId);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, target));
    }

    [Fact]
    public async Task Row_counts_that_differ_from_the_manifest_are_reported_as_mismatches()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_mis");
        var tampered = backup.Manifest! with
        {
            Tables = [.. backup.Manifest!.Tables.Where(t => t.Name != "big"), new BackupTableRowCount("public", "big", 9_999), new BackupTableRowCount("public", "ghost", 1)],
        };
        var lying = Core.Backup.OpsBackup.FromManifest(tampered, backup.FolderPath, backup.Location, store.Location);
        var target = backup.Database + "_t";

        var result = await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(lying, RestoreFixture.Target(server)) { TargetDatabase = target }, null, CancellationToken.None);

        Assert.False(result.Verified);
        Assert.Equal(
            [("public", "big", 9_999L, (long?)10_000), ("public", "ghost", 1L, null)],
            result.Mismatches.Select(m => (m.Schema, m.Table, m.Expected, m.Actual)).OrderBy(m => m.Table).ToList());
    }

    private sealed class Recorder(List<DatabaseRestoreProgress> reports) : IProgress<DatabaseRestoreProgress>
    {
        public void Report(DatabaseRestoreProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
