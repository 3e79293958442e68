namespace OpsModule.Core.Errors;

/// <summary>
/// Stable error ids. Scheme: <c>Ops.&lt;Area&gt;.&lt;Reason&gt;</c>, PascalCase parts, where Area is the part of the module
/// that failed (Kubernetes, Connection, Operation, Argument, Data, File, or a job area such as Backup, Restore, BlueGreen,
/// DisasterRecovery, Health) and Reason names the failure, for Kubernetes the API's Status.reason where there is one.
/// Ids are part of the public contract (scripts match on FullyQualifiedErrorId): never rename one, add new ones.
/// </summary>
public static class OpsErrorIds
{
    public const string KubernetesNotFound = "Ops.Kubernetes.NotFound";

    /// <summary>A namespace the command was asked to work in does not exist (a typo must not report green).</summary>
    public const string NamespaceNotFound = "Ops.Kubernetes.NamespaceNotFound";
    public const string KubernetesUnauthorized = "Ops.Kubernetes.Unauthorized";
    public const string KubernetesForbidden = "Ops.Kubernetes.Forbidden";
    public const string KubernetesAlreadyExists = "Ops.Kubernetes.AlreadyExists";
    public const string KubernetesConflict = "Ops.Kubernetes.Conflict";
    public const string KubernetesBadRequest = "Ops.Kubernetes.BadRequest";
    public const string KubernetesInvalid = "Ops.Kubernetes.Invalid";
    public const string KubernetesGone = "Ops.Kubernetes.Gone";
    public const string KubernetesTooManyRequests = "Ops.Kubernetes.TooManyRequests";
    public const string KubernetesServerError = "Ops.Kubernetes.ServerError";
    public const string KubernetesTimeout = "Ops.Kubernetes.Timeout";
    public const string KubernetesUnreachable = "Ops.Kubernetes.Unreachable";
    public const string KubernetesTlsFailed = "Ops.Kubernetes.TlsFailed";
    public const string KubernetesRequestFailed = "Ops.Kubernetes.RequestFailed";

    public const string KubeConfigNotFound = "Ops.KubeConfig.NotFound";
    public const string KubeConfigContextNotFound = "Ops.KubeConfig.ContextNotFound";
    public const string KubeConfigInvalid = "Ops.KubeConfig.Invalid";
    public const string KubeConfigUnsupported = "Ops.KubeConfig.Unsupported";
    public const string KubeConfigInClusterUnavailable = "Ops.KubeConfig.InClusterUnavailable";

    public const string ExecPluginNotFound = "Ops.ExecPlugin.NotFound";
    public const string ExecPluginStartFailed = "Ops.ExecPlugin.StartFailed";
    public const string ExecPluginFailed = "Ops.ExecPlugin.Failed";
    public const string ExecPluginTimeout = "Ops.ExecPlugin.Timeout";
    public const string ExecPluginInvalidOutput = "Ops.ExecPlugin.InvalidOutput";
    public const string ExecPluginInteractiveRequired = "Ops.ExecPlugin.InteractiveRequired";

    public const string ConnectionFailed = "Ops.Connection.Failed";
    public const string ConnectionTlsFailed = "Ops.Connection.TlsFailed";

    public const string Stopped = "Ops.Operation.Stopped";
    public const string TimedOut = "Ops.Operation.TimedOut";
    public const string InvalidOperation = "Ops.Operation.Invalid";
    public const string NotSupported = "Ops.Operation.NotSupported";
    public const string InvalidArgument = "Ops.Argument.Invalid";
    public const string InvalidData = "Ops.Data.Invalid";
    public const string FileNotFound = "Ops.File.NotFound";
    public const string FileAccessDenied = "Ops.File.AccessDenied";
    public const string FileIoFailed = "Ops.File.IoFailed";
    public const string Unexpected = "Ops.Unexpected";
}
