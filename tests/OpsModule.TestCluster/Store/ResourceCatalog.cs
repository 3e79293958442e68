namespace OpsModule.TestCluster.Store;

/// <summary>Every resource the test cluster serves, in discovery order.</summary>
internal static class ResourceCatalog
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] ReadVerbs = ["get", "list"];
    private static readonly string[] ScaleAndStatus = ["scale", "status"];
    private static readonly string[] StatusOnly = ["status"];
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];

    public const string MetricsGroup = "metrics.k8s.io";

    public static readonly IReadOnlyList<ResourceType> Types =
    [
        new("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], ["create", "delete", "get", "list", "patch", "update", "watch"], StatusOnly, None),
        new("", "v1", "nodes", "node", "Node", false, ["no"], AllVerbs, StatusOnly, None),
        new("", "v1", "pods", "pod", "Pod", true, ["po"], AllVerbs, ["status", "exec", "proxy", "log", "eviction"], All),
        new("", "v1", "services", "service", "Service", true, ["svc"], AllVerbs, ["status", "proxy"], All),
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, ["ep"], AllVerbs, None, None),
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"], AllVerbs, None, None),
        new("", "v1", "secrets", "secret", "Secret", true, None, AllVerbs, None, None),
        new("", "v1", "events", "event", "Event", true, ["ev"], AllVerbs, None, None),
        new("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"], AllVerbs, StatusOnly, None),
        new("apps", "v1", "deployments", "deployment", "Deployment", true, ["deploy"], AllVerbs, ScaleAndStatus, All),
        new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], AllVerbs, ScaleAndStatus, All),
        new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], AllVerbs, ScaleAndStatus, All),
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], AllVerbs, StatusOnly, All),
        new("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, ["ing"], AllVerbs, StatusOnly, None),
        new("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, ["hpa"], AllVerbs, StatusOnly, All),
        new("autoscaling", "v1", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, ["hpa"], AllVerbs, StatusOnly, All),
        new("batch", "v1", "jobs", "job", "Job", true, None, AllVerbs, StatusOnly, All),
        new("batch", "v1", "cronjobs", "cronjob", "CronJob", true, ["cj"], AllVerbs, StatusOnly, All),
        new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, ["pdb"], AllVerbs, StatusOnly, None),
        new(MetricsGroup, "v1beta1", "pods", "", "PodMetrics", true, None, ReadVerbs, None, None),
        new(MetricsGroup, "v1beta1", "nodes", "", "NodeMetrics", false, None, ReadVerbs, None, None),
        new("networking.istio.io", "v1", "virtualservices", "virtualservice", "VirtualService", true, ["vs"], AllVerbs, StatusOnly, None),
        new("networking.istio.io", "v1beta1", "virtualservices", "virtualservice", "VirtualService", true, ["vs"], AllVerbs, StatusOnly, None),
    ];

    /// <summary>Groups in the order /apis lists them; the first version is the preferred one.</summary>
    public static IEnumerable<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        Types.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList()));

    public static ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public static bool ServesGroupVersion(string group, string version) =>
        Types.Any(t => t.Group == group && t.Version == version);

    /// <summary>The preferred (first listed) version for an apiVersion/kind pair, or the exact one.</summary>
    public static ResourceType? FindByKind(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        return Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);
    }

    public static ResourceType Core(string plural) => Find("", "v1", plural)!;

    public static ResourceType Apps(string plural) => Find("apps", "v1", plural)!;

    public static ResourceType PodDisruptionBudgets => Find("policy", "v1", "poddisruptionbudgets")!;

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
