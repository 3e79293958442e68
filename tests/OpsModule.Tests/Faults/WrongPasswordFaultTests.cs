using Npgsql;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>A connection string with a wrong password, for a backup (Plain and Custom) and for a restore: clear error, no secret shown, nothing stored or changed.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class WrongPasswordFaultTests(PostgresServer server) : IDisposable
{
    private readonly string _wrongPassword = "wrong-" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WrongConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Password = _wrongPassword }.ConnectionString;

    [Theory]
    [InlineData(BackupFormat.Plain, DatabaseBackupErrorIds.DumpFailed, OpsErrorCategory.InvalidResult)]
    [InlineData(BackupFormat.Custom, DatabaseBackupErrorIds.SnapshotFailed, OpsErrorCategory.ConnectionError)]
    public async Task A_backup_with_a_wrong_password_fails_naming_the_password_and_stores_nothing(BackupFormat format, string errorId, OpsErrorCategory category)
    {
        var name = BackupTestDatabase.UniqueName("flt_pw");
        await BackupTestDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(
            new BackupServiceRequest { Store = store, Databases = [name], ConnectionString = WrongConnectionString(), PgDumpPath = server.Tool("pg_dump"), Format = format },
            handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        var info = FaultAssert.Classified(Assert.Single(handlers.Failed).Error, errorId, category, "password");
        FaultAssert.Mentions("password authentication failed", info.Message);
        Assert.DoesNotContain(_wrongPassword, info.Message + info.RecommendedAction + info.TargetObject, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, info.Message + info.RecommendedAction + info.TargetObject, StringComparison.Ordinal);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_restore_with_a_wrong_password_fails_before_anything_is_changed()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_rpw");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, new ConnectionStringRestoreTarget(WrongConnectionString()) { ClientBinDirectory = server.BinDirectory })
            {
                TargetDatabase = target, Force = true,
            },
            null, CancellationToken.None));

        var info = FaultAssert.Classified(error, DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.InvalidResult, "password");
        FaultAssert.Mentions("password authentication failed", info.Message);
        Assert.DoesNotContain(_wrongPassword, info.Message + info.RecommendedAction + info.TargetObject, StringComparison.Ordinal);
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }
}
