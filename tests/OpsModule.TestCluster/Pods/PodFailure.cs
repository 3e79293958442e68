namespace OpsModule.TestCluster;

/// <summary>How a simulated pod (or one of its containers) misbehaves.</summary>
public enum PodFailure
{
    /// <summary>Becomes Running and Ready after <see cref="TestClusterOptions.PodReadyDelay"/>.</summary>
    None,

    /// <summary>Running phase, container waiting in CrashLoopBackOff, last state terminated with reason Error.</summary>
    CrashLoopBackOff,

    /// <summary>Like CrashLoopBackOff, but the last termination was OOMKilled (exit code 137).</summary>
    OOMKilled,

    /// <summary>Pending, container waiting in ImagePullBackOff.</summary>
    ImagePullBackOff,

    /// <summary>Pending, container waiting in ErrImagePull.</summary>
    ErrImagePull,

    /// <summary>Pending, not scheduled: PodScheduled False, reason Unschedulable.</summary>
    Unschedulable,

    /// <summary>Pending, container waiting in CreateContainerConfigError (e.g. a missing secret).</summary>
    CreateContainerConfigError,

    /// <summary>Phase Failed, reason Evicted.</summary>
    Evicted,

    /// <summary>Running, but the readiness probe fails: Ready False.</summary>
    NotReady,

    /// <summary>Running and Ready again after <see cref="PodBehavior.RestartCount"/> restarts; the last one exited with an error.</summary>
    Restarting,
}
