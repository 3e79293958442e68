namespace OpsModule.Core.Backup.Database;

/// <summary>Where pg_dump runs: <see cref="PodDatabaseSource"/> (in the database pod, through exec) or <see cref="ConnectionStringDatabaseSource"/>.</summary>
public abstract record DatabaseBackupSource
{
    private protected DatabaseBackupSource()
    {
    }

    /// <summary>The database to dump.</summary>
    public abstract string Database { get; }

    /// <summary>How messages name the source (never with user or password).</summary>
    public abstract string Describe();
}
