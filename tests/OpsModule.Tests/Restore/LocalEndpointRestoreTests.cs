using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Restore;

/// <summary>The control queries of a connection-string restore go over Npgsql (LocalPostgresEndpoint), not a psql process each.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class LocalEndpointRestoreTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_checks_before_the_restore_need_no_psql_and_a_non_empty_target_is_still_refused()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_ctl");
        var target = backup.Database + "_t";
        await RestoreFixture.CreateOccupiedAsync(server, target);
        var noTools = Directory.CreateDirectory(Path.Combine(_dir.Path, "empty-bin")).FullName;

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, new ConnectionStringRestoreTarget(server.ConnectionString()) { ClientBinDirectory = noTools }) { TargetDatabase = target },
            null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.TargetNotEmpty, error.ErrorId);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_the_servers_reason_and_never_the_password()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "rs_pw");
        const string wrong = "Wr0ng-Secret-4711";
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Password = wrong }.ConnectionString;

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, new ConnectionStringRestoreTarget(connection) { ClientBinDirectory = server.BinDirectory }) { TargetDatabase = backup.Database + "_t" },
            null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.RestoreFailed, error.ErrorId);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, error.ToString(), StringComparison.Ordinal);
    }
}
