namespace OpsModule.Core.Completion;

/// <summary>Which cluster and namespace a completion lists from: what the user already typed on the command line, else the kubeconfig's choice.</summary>
/// <param name="KubeConfigPath">-KubeConfig as a full path; null for KUBECONFIG, then ~/.kube/config.</param>
/// <param name="Context">-Context; null for the kubeconfig's current-context.</param>
/// <param name="Namespace">-Namespace; null for the context's namespace.</param>
public sealed record ClusterLookup(string? KubeConfigPath = null, string? Context = null, string? Namespace = null);
