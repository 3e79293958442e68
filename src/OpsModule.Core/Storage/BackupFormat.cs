namespace OpsModule.Core.Storage;

/// <summary>The pg_dump output format of a database backup.</summary>
public enum BackupFormat
{
    /// <summary>SQL script (pg_dump -Fp), gzip-compressed as in the runbooks; restored with psql.</summary>
    Plain,

    /// <summary>pg_dump -Fc archive; restored with pg_restore.</summary>
    Custom,
}
