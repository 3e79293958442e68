using System.Text.Json;

namespace OpsModule.Core.Restore;

/// <summary>SQL texts of the restore, run through the endpoint (psql in a pod: pod targets need nothing but psql there).</summary>
internal static class RestoreSql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string DatabaseExists(string database) =>
        $"SELECT count(*) FROM pg_database WHERE datname = {Literal(database)}";

    /// <summary>User tables (any, with rows or not): what makes a target database "not empty".</summary>
    public const string UserTableCount =
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') " +
        "AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

    /// <summary>Every user table as a JSON array of [schema, name].</summary>
    public const string UserTablesJson =
        "SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname)), '[]') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

    /// <summary>Row counts of the given tables as one JSON array of [schema, name, count] (ONLY: a partition parent counts no child rows twice).</summary>
    public static string CountsJson(IEnumerable<(string Schema, string Name)> tables)
    {
        var parts = tables.Select(t =>
            $"SELECT json_build_array({Literal(t.Schema)}, {Literal(t.Name)}, count(*)) AS r FROM ONLY {Identifier(t.Schema)}.{Identifier(t.Name)}");
        return $"SELECT coalesce(json_agg(x.r), '[]') FROM ({string.Join(" UNION ALL ", parts)}) x";
    }

    public static string SessionCount(string database) =>
        $"SELECT count(*) FROM pg_stat_activity WHERE datname = {Literal(database)} AND pid <> pg_backend_pid()";

    public static string TerminateConnections(string database) =>
        $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = {Literal(database)} AND pid <> pg_backend_pid()";

    public static long ParseCount(string output) => long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonElement ParseJson(string output)
    {
        using var document = JsonDocument.Parse(output.Trim());
        return document.RootElement.Clone();
    }
}
