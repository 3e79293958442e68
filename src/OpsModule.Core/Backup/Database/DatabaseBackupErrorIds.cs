namespace OpsModule.Core.Backup.Database;

/// <summary>Stable error ids of database backups (scheme of <see cref="Errors.OpsErrorIds"/>). Never rename one.</summary>
public static class DatabaseBackupErrorIds
{
    /// <summary>pg_dump could not be started (not installed, not on PATH, wrong -PgDumpPath).</summary>
    public const string PgDumpNotFound = "Ops.Backup.PgDumpNotFound";

    /// <summary>pg_dump exited non-zero (wrong database, password, permissions …); the message carries its stderr.</summary>
    public const string DumpFailed = "Ops.Backup.DumpFailed";

    /// <summary>The dump stream ended early: the exec connection dropped, or the output lacks pg_dump's end marker.</summary>
    public const string DumpInterrupted = "Ops.Backup.DumpInterrupted";

    /// <summary>The consistent snapshot used for the row counts of a Custom dump could not be taken.</summary>
    public const string SnapshotFailed = "Ops.Backup.SnapshotFailed";
}
