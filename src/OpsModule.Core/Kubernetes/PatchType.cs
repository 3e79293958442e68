namespace OpsModule.Core.Kubernetes;

public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
    Merge,

    /// <summary>Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>): lists merge by key, e.g. containers by name.</summary>
    StrategicMerge,

    /// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>).</summary>
    JsonPatch,
}

internal static class PatchTypeExtensions
{
    public static string ContentType(this PatchType type) => type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.JsonPatch => "application/json-patch+json",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static k8s.Models.V1Patch.PatchType ToLibrary(this PatchType type) => type switch
    {
        PatchType.Merge => k8s.Models.V1Patch.PatchType.MergePatch,
        PatchType.StrategicMerge => k8s.Models.V1Patch.PatchType.StrategicMergePatch,
        PatchType.JsonPatch => k8s.Models.V1Patch.PatchType.JsonPatch,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
