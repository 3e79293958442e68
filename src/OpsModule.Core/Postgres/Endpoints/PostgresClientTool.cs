namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>A PostgreSQL client program the module runs (locally or in the database pod).</summary>
internal sealed class PostgresClientTool
{
    public static readonly PostgresClientTool PgDump = new("pg_dump", readsInputToEnd: false, needsDatabaseOption: false);

    public static readonly PostgresClientTool Psql = new("psql", readsInputToEnd: false, needsDatabaseOption: false);

    /// <summary>pg_restore writes a script to stdout unless <c>-d</c> names a database, and reads stdin to its end.</summary>
    public static readonly PostgresClientTool PgRestore = new("pg_restore", readsInputToEnd: true, needsDatabaseOption: true);

    private PostgresClientTool(string name, bool readsInputToEnd, bool needsDatabaseOption)
    {
        Name = name;
        ReadsInputToEnd = readsInputToEnd;
        NeedsDatabaseOption = needsDatabaseOption;
    }

    /// <summary>The program's file name ("pg_dump").</summary>
    public string Name { get; }

    /// <summary>The tool only stops reading stdin at its end (psql stops at <c>\q</c>).</summary>
    public bool ReadsInputToEnd { get; }

    /// <summary>The database must be named by <c>-d</c>; the environment's PGDATABASE is not enough.</summary>
    public bool NeedsDatabaseOption { get; }

    public override string ToString() => Name;
}
