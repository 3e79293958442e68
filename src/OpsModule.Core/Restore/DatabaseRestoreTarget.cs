namespace OpsModule.Core.Restore;

/// <summary>Where psql / pg_restore run: <see cref="ConnectionStringRestoreTarget"/> (local tools) or <see cref="PodRestoreTarget"/> (in the pod, through exec).</summary>
public abstract record DatabaseRestoreTarget
{
    private protected DatabaseRestoreTarget()
    {
    }

    /// <summary>Database used for CREATE/ALTER/DROP DATABASE (never the one restored).</summary>
    public string MaintenanceDatabase { get; init; } = "postgres";

    /// <summary>How messages and results name the target server or pod (never with user or password).</summary>
    public abstract string Describe();
}
