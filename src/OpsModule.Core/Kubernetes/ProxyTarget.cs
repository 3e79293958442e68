namespace OpsModule.Core.Kubernetes;

/// <summary>Which API server proxy to go through.</summary>
public enum ProxyTarget
{
    Service,
    Pod,
}
