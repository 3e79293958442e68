using Npgsql;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Restore;

/// <summary>
/// A dump whose objects belong to role A, restored by role B (not a superuser, may create databases): only with NoOwner,
/// and then everything restored belongs to B, with the data intact (also data lines that look like ownership statements).
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class NoOwnerRestoreTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task Role_B_restores_role_As_dump_with_NoOwner_and_owns_everything(BackupFormat format)
    {
        var (backup, store, roleB) = await BackUpOwnedByAnotherRoleAsync(format);
        var target = backup.Database + "_b";

        var result = await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, As(roleB)) { TargetDatabase = target, NoOwner = true, NoPrivileges = true }, null, CancellationToken.None);

        Assert.True(result.Verified);
        Assert.Equal([roleB], await ScalarsAsync(target, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'app'"));
        Assert.Equal(["", "ALTER TABLE app.notes OWNER TO nobody;", "GRANT ALL ON TABLE app.notes TO nobody;"],
            await ScalarsAsync(target, "SELECT body FROM app.notes ORDER BY id"));
        Assert.Equal([roleB], await ScalarsAsync(target, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
    }

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task Without_NoOwner_the_restore_fails_naming_NoOwner_and_leaves_nothing(BackupFormat format)
    {
        var (backup, store, roleB) = await BackUpOwnedByAnotherRoleAsync(format);
        var target = backup.Database + "_b";

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, As(roleB)) { TargetDatabase = target }, null, CancellationToken.None));

        Assert.Equal(DatabaseRestoreErrorIds.RestoreFailed, error.ErrorId);
        Assert.Equal(OpsErrorCategory.PermissionDenied, error.Category);
        Assert.Contains("-NoOwner", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, target));
    }

    [Fact]
    public async Task A_DR_drill_by_role_B_passes_with_NoOwner_and_drops_its_scratch_database()
    {
        var (backup, store, roleB) = await BackUpOwnedByAnotherRoleAsync(BackupFormat.Plain);

        var result = await new OpsModule.Core.DisasterRecovery.DisasterRecoveryDrill(store).RunAsync(
            new OpsModule.Core.DisasterRecovery.DisasterRecoveryDrillRequest(backup, As(roleB)) { NoOwner = true, NoPrivileges = true },
            CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Steps));
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, result.ScratchDatabase));
    }

    /// <summary>Schema app and its tables belong to a fresh role A; a GRANT names a role B cannot see after the restore.</summary>
    private async Task<(OpsBackup Backup, IBackupStore Store, string RoleB)> BackUpOwnedByAnotherRoleAsync(BackupFormat format)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (roleA, roleB, grantee) = ($"owner_a_{suffix}", $"restorer_b_{suffix}", $"reader_{suffix}");
        var database = $"rs_own_{suffix}";
        var connectionString = await server.CreateDatabaseAsync(database);
        await PostgresTestClient.ExecuteAsync(server.ConnectionString(),
            $"CREATE ROLE {roleA}; CREATE ROLE {grantee}; CREATE ROLE {roleB} LOGIN CREATEDB PASSWORD '{server.Password}';");
        await PostgresTestClient.ExecuteAsync(connectionString, $"""
            CREATE SCHEMA app AUTHORIZATION {roleA};
            SET ROLE {roleA};
            CREATE TABLE app.notes (id int PRIMARY KEY, body text NOT NULL);
            CREATE SEQUENCE app.ids;
            CREATE VIEW app.recent AS SELECT * FROM app.notes WHERE id > 1;
            INSERT INTO app.notes VALUES (1, ''), (2, 'ALTER TABLE app.notes OWNER TO nobody;'), (3, 'GRANT ALL ON TABLE app.notes TO nobody;');
            GRANT SELECT ON app.notes TO {grantee};
            RESET ROLE;
            """);
        var store = BackupStoreFactory.Create(Path.Combine(_dir.Path, suffix));
        var source = new ConnectionStringDatabaseSource(connectionString) { PgDumpPath = server.Tool("pg_dump") };
        var result = await new DatabaseBackupRunner(store).RunAsync(new DatabaseBackupRequest(source) { Format = format }, null, CancellationToken.None);
        return (OpsBackup.FromResult(result, store.Location), store, roleB);
    }

    private ConnectionStringRestoreTarget As(string role) =>
        new(new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Username = role }.ConnectionString) { ClientBinDirectory = server.BinDirectory };

    private async Task<List<string>> ScalarsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
