using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using KubernetesClientConfiguration = OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration;
using k8s.Autorest;
using k8s.Models;
using OpsModule.Core.Kubernetes.Client;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// The module's Kubernetes client: KubernetesClient's <see cref="k8s.Kubernetes"/> and its generated models behind the
/// verbs the module uses, with retries (<see cref="RetryHandler"/>), paging, and errors as <see cref="KubernetesApiException"/>.
/// Thread-safe; create one per cluster and reuse it.
/// </summary>
public sealed class KubernetesApiClient : IKubernetesApi
{
    private static int _prepared;

    private readonly ClusterKubernetes _kubernetes;
    private readonly KubernetesClientOptions _options;

    public KubernetesApiClient(KubernetesClientConfiguration configuration, KubernetesClientOptions? options = null)
        : this(configuration.Server, configuration.CreateHandler(), configuration.Namespace, options)
    {
    }

    /// <param name="handler">Owns TLS and authentication (see <see cref="KubernetesClientConfiguration.CreateHandler"/>); disposed with the client.</param>
    public KubernetesApiClient(Uri server, HttpMessageHandler handler, string defaultNamespace = "default", KubernetesClientOptions? options = null)
    {
        Server = server;
        DefaultNamespace = defaultNamespace;
        _options = options ?? KubernetesClientOptions.Default;
        _kubernetes = new ClusterKubernetes(server, handler, _options);
    }

    public Uri Server { get; }

    /// <summary>
    /// Readies the client on a thread-pool thread, so that in a fresh process this overlaps with reading the kubeconfig instead of
    /// following it: loads KubernetesClient's Kubernetes class (it implements the interface of every API group, thousands of
    /// methods) and makes its JSON serializer read a first small list (options, generated metadata of the object envelope).
    /// Each took tens of milliseconds at the first call. Once per process: after that both are ready, and a later command
    /// would only repeat the work.
    /// </summary>
    public static void PrepareInBackground()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            RuntimeHelpers.RunClassConstructor(typeof(ClusterKubernetes).TypeHandle);
            KubernetesJson.Deserialize<ListPage<V1Namespace>>("""{"metadata":{},"items":[{"metadata":{"name":"ops","labels":{"a":"b"}}}]}""");
        });
    }

    public string DefaultNamespace { get; }

    public Task<VersionInfo> GetVersionAsync(CancellationToken cancellationToken) =>
        CallAsync("GET", "/version", () => _kubernetes.Version.GetCodeWithHttpMessagesAsync(cancellationToken: cancellationToken));

    public async Task<bool> IsServedAsync(ResourceType type, CancellationToken cancellationToken)
    {
        try
        {
            var resources = await CallAsync("GET", type.DiscoveryPath, () =>
                _kubernetes.CustomObjects.GetAPIResourcesWithHttpMessagesAsync(type.Group, type.Version, cancellationToken: cancellationToken));
            return resources.Resources?.Any(r => string.Equals(r.Name, type.Plural, StringComparison.Ordinal)) ?? false;
        }
        catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable)
        {
            return false;
        }
    }

    public async Task<T> GetAsync<T>(string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta> =>
        ModelDefaults.Fill(await GetItemAsync<T>(ResourceTypes.For<T>(), @namespace, name, cancellationToken));

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, ListOptions? options, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta>
    {
        var pages = new ListPager(_kubernetes, ResourceTypes.For<T>(), @namespace, options ?? ListOptions.Default, _options);
        return (await pages.ReadModelsAsync<T>(cancellationToken)).Items;
    }

    public Task<IReadOnlyList<T>> WaitForAsync<T>(
        string @namespace, ListOptions options, Func<IReadOnlyList<T>, bool> done, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta> =>
        new ListWatcher<T>(_kubernetes, ResourceTypes.For<T>(), @namespace, options, _options).WaitAsync(done, cancellationToken);

    public async Task<T> PatchAsync<T>(string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta> =>
        ModelDefaults.Fill(await PatchItemAsync<T>(ResourceTypes.For<T>(), @namespace, name, patchType, patch, cancellationToken));

    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        GetItemAsync<JsonObject>(type, @namespace, name, cancellationToken);

    public async Task<IReadOnlyList<JsonObject>> ListAsync(ResourceType type, string? @namespace, ListOptions? options, CancellationToken cancellationToken)
    {
        var pages = new ListPager(_kubernetes, type, @namespace, options ?? ListOptions.Default, _options);
        return await pages.ReadAllAsync<JsonObject, JsonObject>(page =>
        {
            var items = (page["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var item in items)
            {
                // List items come without apiVersion/kind; put them back so each item stands on its own (config backups, re-apply).
                item["apiVersion"] ??= type.ApiVersion;
                item["kind"] ??= type.Kind;
            }

            return (items, (string?)page["metadata"]?["continue"]);
        }, cancellationToken);
    }

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject body, CancellationToken cancellationToken) =>
        CallAsync("POST", type.CollectionPath(@namespace), () => type.Namespaced
            ? _kubernetes.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                body, type.Group, type.Version, Required(type, @namespace), type.Plural, cancellationToken: cancellationToken)
            : _kubernetes.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                body, type.Group, type.Version, type.Plural, cancellationToken: cancellationToken));

    public Task<JsonObject> ReplaceAsync(ResourceType type, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken) =>
        CallAsync("PUT", type.ItemPath(@namespace, name), () => type.Namespaced
            ? _kubernetes.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                body, type.Group, type.Version, Required(type, @namespace), type.Plural, name, cancellationToken: cancellationToken)
            : _kubernetes.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                body, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken));

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken) =>
        PatchItemAsync<JsonObject>(type, @namespace, name, patchType, patch, cancellationToken);

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("DELETE", type.ItemPath(@namespace, name), () => type.Namespaced
                ? _kubernetes.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                    type.Group, type.Version, Required(type, @namespace), type.Plural, name, cancellationToken: cancellationToken)
                : _kubernetes.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                    type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken));
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public Task<V1Scale> GetScaleAsync(ResourceType type, string @namespace, string name, CancellationToken cancellationToken) =>
        CallAsync("GET", type.ItemPath(@namespace, name) + "/scale", () =>
            _kubernetes.CustomObjects.GetNamespacedCustomObjectScaleWithHttpMessagesAsync<V1Scale>(
                type.Group, type.Version, @namespace, type.Plural, name, cancellationToken: cancellationToken));

    public Task<V1Scale> SetScaleAsync(ResourceType type, string @namespace, string name, int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        return CallAsync("PATCH", type.ItemPath(@namespace, name) + "/scale", () =>
            _kubernetes.CustomObjects.PatchNamespacedCustomObjectScaleWithHttpMessagesAsync<V1Scale>(
                patch, type.Group, type.Version, @namespace, type.Plural, name, cancellationToken: cancellationToken));
    }

    public Task<ProxyResponse> ProxyGetAsync(
        ProxyTarget target, string @namespace, string name, string? port, string path, TimeSpan timeout, CancellationToken cancellationToken) =>
        new ProxyRequest(_kubernetes, target, @namespace, name, port, path).GetAsync(timeout, cancellationToken);

    public Task EvictPodAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        };
        return CallAsync("POST", ResourceTypes.Pods.ItemPath(@namespace, name) + "/eviction", () =>
            _kubernetes.CoreV1.CreateNamespacedPodEvictionWithHttpMessagesAsync(eviction, name, @namespace, cancellationToken: cancellationToken));
    }

    public PodExecClient CreateExecClient() => new(_kubernetes);

    public void Dispose() => _kubernetes.Dispose();

    private Task<T> GetItemAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        CallAsync("GET", type.ItemPath(@namespace, name), () => type.Namespaced
            ? _kubernetes.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(
                type.Group, type.Version, Required(type, @namespace), type.Plural, name, cancellationToken: cancellationToken)
            : _kubernetes.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(
                type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken));

    private Task<T> PatchItemAsync<T>(
        ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken)
    {
        var body = new V1Patch(patch.ToJsonString(), patchType.ToLibrary());
        return CallAsync("PATCH", type.ItemPath(@namespace, name), () => type.Namespaced
            ? _kubernetes.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(
                body, type.Group, type.Version, Required(type, @namespace), type.Plural, name, cancellationToken: cancellationToken)
            : _kubernetes.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<T>(
                body, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken));
    }

    private static string Required(ResourceType type, string? @namespace) =>
        string.IsNullOrEmpty(@namespace)
            ? throw new ArgumentException($"{type.Plural} are namespaced: give a namespace.", nameof(@namespace))
            : @namespace;

    private Task<T> CallAsync<T>(string method, string path, Func<Task<HttpOperationResponse<T>>> call) =>
        ApiCall.RunAsync(Server, method, path, call);
}
