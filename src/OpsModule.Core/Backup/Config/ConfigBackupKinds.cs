using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Backup.Config;

/// <summary>The kinds a config backup saves by default, and the file each kind is written to.</summary>
public static class ConfigBackupKinds
{
    private static readonly HashSet<string> BuiltInGroups = new(StringComparer.Ordinal)
    {
        "", "apps", "batch", "autoscaling", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
    };

    /// <summary>Deployments, StatefulSets, Services, Ingresses, ConfigMaps, Secrets, HPAs, PVCs, CronJobs.</summary>
    public static IReadOnlyList<ResourceType> Default { get; } =
    [
        ResourceTypes.Deployments,
        ResourceTypes.StatefulSets,
        ResourceTypes.Services,
        ResourceTypes.Ingresses,
        ResourceTypes.ConfigMaps,
        ResourceTypes.Secrets,
        ResourceTypes.HorizontalPodAutoscalers,
        ResourceTypes.PersistentVolumeClaims,
        ResourceTypes.CronJobs,
    ];

    /// <summary><c>deployments.yaml</c> for built-in groups; <c>virtualservices.networking.istio.io.yaml</c> for others.</summary>
    public static string FileName(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return BuiltInGroups.Contains(type.Group) ? $"{type.Plural}.yaml" : $"{type.Plural}.{type.Group}.yaml";
    }
}
