namespace OpsModule.Core.Backup;

/// <summary>Stable error ids of <see cref="BackupService"/> (scheme of <see cref="Errors.OpsErrorIds"/>). Never rename one.</summary>
public static class BackupServiceErrorIds
{
    /// <summary>No pod matches the selector, or none of the matching pods is Running and Ready.</summary>
    public const string NoDatabasePod = "Ops.Backup.NoDatabasePod";

    /// <summary>The pod named by -PodName does not exist.</summary>
    public const string PodNotFound = "Ops.Backup.PodNotFound";

    /// <summary>The pod named by -PodName is not Running.</summary>
    public const string PodNotRunning = "Ops.Backup.PodNotRunning";

    /// <summary>The request cannot work: no database, no namespace for a pod or config backup, no Kubernetes client.</summary>
    public const string InvalidRequest = "Ops.Backup.InvalidRequest";
}
