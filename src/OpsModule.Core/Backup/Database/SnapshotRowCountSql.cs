namespace OpsModule.Core.Backup.Database;

/// <summary>
/// Counts the rows of every table whose data pg_dump writes (ordinary tables and partitions, logged or unlogged, outside
/// the system schemas and not owned by an extension), in one statement so it runs inside the snapshot's transaction.
/// </summary>
internal static class SnapshotRowCountSql
{
    public const string Counts = """
        SELECT n.nspname, c.relname,
               (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND c.relpersistence IN ('p', 'u')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1, 2
        """;
}
