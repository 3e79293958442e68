using k8s;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>Where a kind of resource lives in the API: group, version, plural, and whether it is namespaced.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>; cluster-wide when namespace is null.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    public string ItemPath(string? @namespace, string name)
    {
        if (Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Plural} are namespaced: give a namespace for '{name}'.", nameof(@namespace));
        }

        return $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>The discovery document of the group-version: <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    public string DiscoveryPath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}

/// <summary>The resource types the module reads, and the typed model for each.</summary>
public static class ResourceTypes
{
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", Namespaced: false);
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", Namespaced: false);
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod");
    public static readonly ResourceType Services = new("", "v1", "services", "Service");
    public static readonly ResourceType Endpoints = new("", "v1", "endpoints", "Endpoints");
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap");
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret");
    public static readonly ResourceType Events = new("", "v1", "events", "Event");
    public static readonly ResourceType PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment");
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet");
    public static readonly ResourceType StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet");
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet");
    public static readonly ResourceType Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress");
    public static readonly ResourceType HorizontalPodAutoscalers = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler");
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job");
    public static readonly ResourceType CronJobs = new("batch", "v1", "cronjobs", "CronJob");
    public static readonly ResourceType PodMetrics = new("metrics.k8s.io", "v1beta1", "pods", "PodMetrics");
    public static readonly ResourceType NodeMetrics = new("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", Namespaced: false);
    public static readonly ResourceType IstioVirtualServices = new("networking.istio.io", "v1beta1", "virtualservices", "VirtualService");

    private static readonly Dictionary<Type, ResourceType> ByModel = new()
    {
        [typeof(V1Namespace)] = Namespaces,
        [typeof(V1Node)] = Nodes,
        [typeof(V1Pod)] = Pods,
        [typeof(V1Service)] = Services,
        [typeof(V1Endpoints)] = Endpoints,
        [typeof(V1ConfigMap)] = ConfigMaps,
        [typeof(V1Secret)] = Secrets,
        [typeof(Corev1Event)] = Events,
        [typeof(V1PersistentVolumeClaim)] = PersistentVolumeClaims,
        [typeof(V1Deployment)] = Deployments,
        [typeof(V1ReplicaSet)] = ReplicaSets,
        [typeof(V1StatefulSet)] = StatefulSets,
        [typeof(V1DaemonSet)] = DaemonSets,
        [typeof(V1Ingress)] = Ingresses,
        [typeof(V2HorizontalPodAutoscaler)] = HorizontalPodAutoscalers,
        [typeof(V1Job)] = Jobs,
        [typeof(V1CronJob)] = CronJobs,
        [typeof(k8s.Models.PodMetrics)] = PodMetrics,
        [typeof(k8s.Models.NodeMetrics)] = NodeMetrics,
    };

    public static ResourceType For<T>() where T : class, IMetadata<V1ObjectMeta> =>
        ByModel.TryGetValue(typeof(T), out var type)
            ? type
            : throw new InvalidOperationException($"{typeof(T).Name} has no registered resource type.");
}
