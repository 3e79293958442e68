using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Restore;

/// <summary>Compares the manifest's row counts with the restored database.</summary>
internal static class RestoreVerification
{
    /// <summary>
    /// Tables psql reported loading (<paramref name="loadedRows"/>: the server's own COPY counts into the scratch database, which
    /// nothing else could reach before the swap) are not scanned again; every other table of the manifest is counted with
    /// count(*). Every table must exist after the swap.
    /// </summary>
    public static async Task<IReadOnlyList<OpsRestoreMismatch>> VerifyAsync(
        IPostgresEndpoint endpoint, string database, IReadOnlyList<BackupTableRowCount> expected,
        IReadOnlyDictionary<(string, string), long>? loadedRows, CancellationToken cancellationToken)
    {
        if (expected.Count == 0)
        {
            return [];
        }

        var present = new HashSet<(string, string)>();
        foreach (var row in RestoreSql.ParseJson(await endpoint.QueryAsync(database, RestoreSql.UserTablesJson, cancellationToken)).EnumerateArray())
        {
            present.Add((row[0].GetString()!, row[1].GetString()!));
        }

        var actual = new Dictionary<(string, string), long>();
        foreach (var table in expected.Select(t => (t.Schema, t.Name)).Where(present.Contains))
        {
            if (loadedRows is not null && loadedRows.TryGetValue(table, out var loaded))
            {
                actual[table] = loaded;
            }
        }

        var toCount = expected.Select(t => (t.Schema, t.Name)).Where(t => present.Contains(t) && !actual.ContainsKey(t)).Distinct().ToList();
        if (toCount.Count > 0)
        {
            foreach (var row in RestoreSql.ParseJson(await endpoint.QueryAsync(database, RestoreSql.CountsJson(toCount), cancellationToken)).EnumerateArray())
            {
                actual[(row[0].GetString()!, row[1].GetString()!)] = row[2].GetInt64();
            }
        }

        return expected
            .Where(t => !actual.TryGetValue((t.Schema, t.Name), out var rows) || rows != t.Rows)
            .Select(t => new OpsRestoreMismatch(t.Schema, t.Name, t.Rows, actual.TryGetValue((t.Schema, t.Name), out var rows) ? rows : null))
            .ToList();
    }
}
