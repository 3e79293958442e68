namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>A kubeconfig user's exec section, with the command already resolved against the kubeconfig's folder.</summary>
internal sealed class ExecPluginSettings
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    public required string UserName { get; init; }

    public required string ApiVersion { get; init; }

    /// <summary>A bare program name (looked up on PATH) or an absolute path.</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = Array.Empty<string>();

    /// <summary>Variables set on top of the current process environment. Values may be sensitive: never log them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    public string? InstallHint { get; init; }

    public ExecInteractiveMode InteractiveMode { get; init; } = ExecInteractiveMode.IfAvailable;

    /// <summary>Set when the kubeconfig says provideClusterInfo: true; passed to the plugin in KUBERNETES_EXEC_INFO.</summary>
    public ExecClusterInfo? ClusterInfo { get; init; }

    public override string ToString() => $"exec plugin '{Command}' ({ApiVersion}) for user '{UserName}'";
}
