namespace OpsModule.Core.Backup;

internal enum DatabasePodProblemKind
{
    /// <summary>No Running and Ready pod matches the selector.</summary>
    NoReadyPod,

    /// <summary>The named pod does not exist.</summary>
    NamedPodMissing,

    /// <summary>The named pod exists but is not Running.</summary>
    NamedPodNotRunning,
}
