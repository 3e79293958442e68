using System.Diagnostics;
using System.Text;
using OpsModule.Core.Errors;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>
/// Nothing half-restored: the dump goes into a new scratch database (<c>&lt;target&gt;_rst_&lt;random&gt;</c>), which replaces
/// the target only once it is complete. An existing target is renamed away in the same transaction as the rename, then dropped.
/// </summary>
internal sealed class ScratchDatabaseSwap(IPostgresEndpoint endpoint, string maintenanceDatabase)
{
    private const int MaxDatabaseNameBytes = 63;

    /// <summary>Creates an empty scratch database for <paramref name="database"/> and returns its name.</summary>
    public async Task<string> CreateAsync(string database, CancellationToken cancellationToken)
    {
        var scratch = ScratchName(database);
        await endpoint.QueryAsync(maintenanceDatabase, $"CREATE DATABASE {RestoreSql.Identifier(scratch)} TEMPLATE template0", cancellationToken);
        return scratch;
    }

    /// <summary>Renames <paramref name="scratch"/> to <paramref name="database"/>. Not cancellable: the restore is complete by now, a late cancellation must not leave the swap half done.</summary>
    public async Task ReplaceAsync(string scratch, string database, bool exists)
    {
        var none = CancellationToken.None;
        await WaitForRestoreSessionToEndAsync(scratch);
        if (!exists)
        {
            await endpoint.QueryAsync(maintenanceDatabase, $"ALTER DATABASE {RestoreSql.Identifier(scratch)} RENAME TO {RestoreSql.Identifier(database)}", none);
            return;
        }

        var old = ScratchName(database, "old");
        var swap = $"BEGIN; ALTER DATABASE {RestoreSql.Identifier(database)} RENAME TO {RestoreSql.Identifier(old)}; " +
                   $"ALTER DATABASE {RestoreSql.Identifier(scratch)} RENAME TO {RestoreSql.Identifier(database)}; COMMIT;";
        for (var attempt = 1; ; attempt++)
        {
            // Sessions on the old database block the rename (the applications were scaled down; these are stragglers).
            await endpoint.QueryAsync(maintenanceDatabase, RestoreSql.TerminateConnections(database), none);
            try
            {
                await endpoint.QueryAsync(maintenanceDatabase, swap, none);
                break;
            }
            catch (OpsException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), none);
            }
        }

        await DropQuietlyAsync(old);
    }

    /// <summary>Drops <paramref name="database"/> and ignores a failure: a leftover is named *_rst_* and harmless, the original failure matters more.</summary>
    public async Task DropQuietlyAsync(string database)
    {
        try
        {
            await endpoint.QueryAsync(maintenanceDatabase, $"DROP DATABASE IF EXISTS {RestoreSql.Identifier(database)} WITH (FORCE)", CancellationToken.None);
        }
        catch (OpsException)
        {
        }
    }

    public static void ValidateName(string database)
    {
        if (string.IsNullOrWhiteSpace(database) || Encoding.UTF8.GetByteCount(database) > MaxDatabaseNameBytes || database.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{database}' is not a valid PostgreSQL database name (1-63 bytes).", nameof(database));
        }
    }

    /// <summary>
    /// The server session of the psql / pg_restore that just exited may take a moment to end, and ALTER DATABASE … RENAME waits
    /// for it in steps of 100 ms. Where queries are cheap (one open connection), poll for it every 10 ms instead.
    /// </summary>
    private async Task WaitForRestoreSessionToEndAsync(string scratch)
    {
        if (!endpoint.QueriesAreCheap)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(2)
               && RestoreSql.ParseCount(await endpoint.QueryAsync(maintenanceDatabase, RestoreSql.SessionCount(scratch), CancellationToken.None)) > 0)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static string ScratchName(string database, string tag = "rst")
    {
        var suffix = $"_{tag}_{Guid.NewGuid().ToString("N")[..8]}";
        var prefix = database;
        while (Encoding.UTF8.GetByteCount(prefix) + suffix.Length > MaxDatabaseNameBytes)
        {
            prefix = prefix[..^1];
        }

        return prefix + suffix;
    }
}
