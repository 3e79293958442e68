namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>How an exec credential plugin failed; stable, so callers can map it to an error id.</summary>
public enum ExecCredentialFailure
{
    /// <summary>The command is not on PATH (or the path in the kubeconfig does not exist).</summary>
    PluginNotFound,

    /// <summary>The operating system refused to start the command.</summary>
    StartFailed,

    /// <summary>The plugin exited with a non-zero code.</summary>
    PluginFailed,

    /// <summary>The plugin did not finish within the timeout.</summary>
    Timeout,

    /// <summary>The plugin's output is not a valid ExecCredential for the requested apiVersion.</summary>
    InvalidOutput,

    /// <summary>The kubeconfig requires an interactive plugin (interactiveMode: Always), which cannot run here.</summary>
    InteractiveRequired,
}
