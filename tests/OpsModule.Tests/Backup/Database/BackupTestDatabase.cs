using System.IO.Compression;
using System.Security.Cryptography;
using Npgsql;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup.Database;

/// <summary>Creates the test databases of the backup tests and reads back what a backup holds.</summary>
internal static class BackupTestDatabase
{
    public const string TrickyText = "line1\nline2\ttab \\ backslash \\N \"quote\" 'single' 日本語 ✓ \r end";

    private const string Schema = """"
        CREATE SCHEMA app;
        CREATE TABLE public.users (id int PRIMARY KEY, name text, note text);
        INSERT INTO public.users VALUES (1, 'plain', NULL), (2, $tricky$__TRICKY__$tricky$, E'\\.'), (3, E'\\.\n\\.', 'ünïcødé');
        CREATE TABLE app."Order Items" (id int, "Qty ""x""" int);
        INSERT INTO app."Order Items" VALUES (1, 2), (2, 3), (3, NULL);
        CREATE TABLE public.big (id int, payload text);
        INSERT INTO public.big SELECT g, md5(g::text) || E'\n' || g FROM generate_series(1, 10000) g;
        CREATE TABLE public.empty (id int);
        CREATE VIEW public.user_names AS SELECT name FROM public.users;
        """";

    public static async Task<string> CreateAsync(PostgresServer server, string name)
    {
        var connectionString = await server.CreateDatabaseAsync(name);
        await PostgresTestClient.ExecuteAsync(connectionString, Schema.Replace("__TRICKY__", TrickyText, StringComparison.Ordinal));
        return connectionString;
    }

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 13)];

    /// <summary>SELECT count(*) of every table, as (schema, name, rows), sorted.</summary>
    public static async Task<List<BackupTableRowCount>> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string, string)>();
        await using (var list = new NpgsqlCommand("SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog','information_schema') ORDER BY 1, 2", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        }

        var counts = new List<BackupTableRowCount>();
        foreach (var (schema, name) in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            counts.Add(new BackupTableRowCount(schema, name, (long)(await count.ExecuteScalarAsync())!));
        }

        return counts;
    }

    public static List<BackupTableRowCount> Sorted(IEnumerable<BackupTableRowCount> tables) =>
        tables.OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

    public static async Task<byte[]> ReadAllAsync(IBackupStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    public static async Task<string> TrickyValuesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(coalesce(name, '<null>') || '|' || coalesce(note, '<null>'), '#' ORDER BY id) FROM public.users", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
