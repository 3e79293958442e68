namespace OpsModule.Core.Restore;

/// <summary>Stable error ids of database restores (scheme of <see cref="Errors.OpsErrorIds"/>). Never rename one.</summary>
public static class DatabaseRestoreErrorIds
{
    /// <summary>The backup is not a complete Database backup with a manifest and a dump file.</summary>
    public const string NotRestorable = "Ops.Restore.NotRestorable";

    /// <summary>The target database has user tables and -Force was not given; nothing was changed.</summary>
    public const string TargetNotEmpty = "Ops.Restore.TargetNotEmpty";

    /// <summary>The dump's size or SHA-256 differs from the manifest, or it cannot be decompressed; nothing was changed.</summary>
    public const string ChecksumMismatch = "Ops.Restore.ChecksumMismatch";

    /// <summary>psql / pg_restore failed or could not be run; nothing was changed.</summary>
    public const string RestoreFailed = "Ops.Restore.RestoreFailed";

    /// <summary>psql / pg_restore could not be started locally.</summary>
    public const string ToolNotFound = "Ops.Restore.ToolNotFound";

    /// <summary>Scaling deployments down (or waiting for their pods to go) failed; the restore did not start.</summary>
    public const string ScaleDownFailed = "Ops.Restore.ScaleDownFailed";

    /// <summary>No Running and Ready pod matches the selector in the namespace (or the named pod is missing or not running).</summary>
    public const string NoDatabasePod = "Ops.Restore.NoDatabasePod";
}
