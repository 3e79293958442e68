using Npgsql;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Restore;

/// <summary>Backups made with the real backup runner, and what the restore tests read back from the server.</summary>
internal static class RestoreFixture
{
    public static async Task<(OpsBackup Backup, string ConnectionString)> BackUpAsync(
        PostgresServer server, IBackupStore store, string prefix, BackupFormat format = BackupFormat.Plain)
    {
        var name = BackupTestDatabase.UniqueName(prefix);
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        var source = new ConnectionStringDatabaseSource(connectionString) { PgDumpPath = server.Tool("pg_dump") };
        var result = await new DatabaseBackupRunner(store).RunAsync(new DatabaseBackupRequest(source) { Format = format }, null, CancellationToken.None);
        return (OpsBackup.FromResult(result, store.Location), connectionString);
    }

    public static ConnectionStringRestoreTarget Target(PostgresServer server) =>
        new(server.ConnectionString()) { ClientBinDirectory = server.BinDirectory };

    /// <summary>A non-empty database that must survive untouched: one table "keep" with 2 rows.</summary>
    public static async Task<string> CreateOccupiedAsync(PostgresServer server, string name)
    {
        var connectionString = await server.CreateDatabaseAsync(name);
        await PostgresTestClient.ExecuteAsync(connectionString, "CREATE TABLE keep (id int); INSERT INTO keep VALUES (1), (2);");
        return connectionString;
    }

    /// <summary>Databases whose name starts with <paramref name="prefix"/> (scratch leftovers are named &lt;db&gt;_rst_…).</summary>
    public static async Task<List<string>> DatabasesAsync(PostgresServer server, string prefix)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @p) ORDER BY 1", connection);
        command.Parameters.AddWithValue("p", prefix);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Overwrites the stored dump: one byte flipped in the middle, or cut to half.</summary>
    public static void Damage(TempDirectory dir, OpsBackup backup, bool truncate)
    {
        var path = Path.Combine(dir.Path, backup.FolderPath, OpsBackup.DumpFile(backup.Manifest!)!.Name);
        var bytes = File.ReadAllBytes(path);
        if (truncate)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
    }
}
