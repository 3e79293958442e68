using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes.Exec;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// The one seam between the module and a Kubernetes API server. Everything above it speaks in these verbs,
/// implemented on KubernetesClient (<see cref="KubernetesApiClient"/>) and faked in unit tests.
/// All failures surface as <see cref="KubernetesApiException"/>; cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
public interface IKubernetesApi : IDisposable
{
    Uri Server { get; }

    /// <summary>The namespace from the kubeconfig context, used when a caller gives none.</summary>
    string DefaultNamespace { get; }

    Task<VersionInfo> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>True when the API server serves <paramref name="type"/> (discovery of its group-version); false on 404.</summary>
    Task<bool> IsServedAsync(ResourceType type, CancellationToken cancellationToken);

    Task<T> GetAsync<T>(string? @namespace, string name, CancellationToken cancellationToken) where T : class, IMetadata<V1ObjectMeta>;

    /// <summary>Lists every item, following <c>continue</c> tokens page by page. A null namespace lists across all namespaces.</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, ListOptions? options, CancellationToken cancellationToken) where T : class, IMetadata<V1ObjectMeta>;

    /// <summary>
    /// Waits until <paramref name="done"/> holds for the objects the list selects, watching for changes from the list's
    /// resourceVersion instead of polling. Bound it with the token's cancellation.
    /// </summary>
    Task<IReadOnlyList<T>> WaitForAsync<T>(string @namespace, ListOptions options, Func<IReadOnlyList<T>, bool> done, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta>;

    Task<T> PatchAsync<T>(string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta>;

    Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<JsonObject>> ListAsync(ResourceType type, string? @namespace, ListOptions? options, CancellationToken cancellationToken);

    Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject body, CancellationToken cancellationToken);

    /// <summary>PUT. The body's metadata.resourceVersion makes it conditional: a stale one fails with 409 Conflict.</summary>
    Task<JsonObject> ReplaceAsync(ResourceType type, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken);

    Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken);

    /// <summary>Deletes; returns false when it was already gone.</summary>
    Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken);

    Task<V1Scale> GetScaleAsync(ResourceType type, string @namespace, string name, CancellationToken cancellationToken);

    Task<V1Scale> SetScaleAsync(ResourceType type, string @namespace, string name, int replicas, CancellationToken cancellationToken);

    /// <summary>
    /// Evicts a pod through its <c>pods/{name}/eviction</c> subresource (policy/v1), so PodDisruptionBudgets are honoured. A budget
    /// that allows no disruption answers 429 TooManyRequests (<see cref="KubernetesApiException.Causes"/> says which budget); that
    /// answer is returned at once, not retried like throttling.
    /// </summary>
    Task EvictPodAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>An exec client for this cluster, sharing the API client's TLS trust and credentials.</summary>
    PodExecClient CreateExecClient();

    /// <summary>GET through <c>…/services/{name}:{port}/proxy/{path}</c> or <c>…/pods/{name}:{port}/proxy/{path}</c>. Never retried.</summary>
    Task<ProxyResponse> ProxyGetAsync(ProxyTarget target, string @namespace, string name, string? port, string path, TimeSpan timeout, CancellationToken cancellationToken);
}
