namespace OpsModule.Core.Completion;

/// <summary>The kinds of cluster object a parameter names.</summary>
public enum ClusterNameKind
{
    Namespace,
    Service,
    Deployment,
    VirtualService,
    Pod,
}
