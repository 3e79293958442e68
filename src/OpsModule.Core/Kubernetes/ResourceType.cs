using OpsModule.Core.Kubernetes.Models;

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
        [typeof(Models.Namespace)] = Namespaces,
        [typeof(Node)] = Nodes,
        [typeof(Pod)] = Pods,
        [typeof(Service)] = Services,
        [typeof(Models.Endpoints)] = Endpoints,
        [typeof(ConfigMap)] = ConfigMaps,
        [typeof(Secret)] = Secrets,
        [typeof(Event)] = Events,
        [typeof(PersistentVolumeClaim)] = PersistentVolumeClaims,
        [typeof(Deployment)] = Deployments,
        [typeof(ReplicaSet)] = ReplicaSets,
        [typeof(StatefulSet)] = StatefulSets,
        [typeof(DaemonSet)] = DaemonSets,
        [typeof(Ingress)] = Ingresses,
        [typeof(HorizontalPodAutoscaler)] = HorizontalPodAutoscalers,
        [typeof(Job)] = Jobs,
        [typeof(CronJob)] = CronJobs,
        [typeof(Models.PodMetrics)] = PodMetrics,
        [typeof(Models.NodeMetrics)] = NodeMetrics,
    };

    public static ResourceType For<T>() where T : KubernetesObject =>
        ByModel.TryGetValue(typeof(T), out var type)
            ? type
            : throw new InvalidOperationException($"{typeof(T).Name} has no registered resource type.");
}
