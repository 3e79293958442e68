using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>A parsed request path. <see cref="Type"/> is null for discovery paths (/api, /apis/apps/v1).</summary>
internal sealed record ApiRequest(
    string Verb,
    string Group,
    string Version,
    ResourceType? Type,
    string? Namespace,
    string? Name,
    string? Subresource,
    string SubPath)
{
    /// <summary>The resource name used by RBAC messages, e.g. "pods" or "deployments/scale".</summary>
    public string RbacResource => Type is null ? "" : Subresource is null ? Type.Plural : $"{Type.Plural}/{Subresource}";
}
