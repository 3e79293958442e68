using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Turns an object as the API server returns it into clean, re-appliable configuration: no status, no server-set
/// metadata, no cluster-assigned addresses or bindings, no controller bookkeeping annotations.
/// </summary>
public static class ConfigObjectCleaner
{
    /// <summary>Written in place of each Secret value when values are redacted.</summary>
    public const string RedactedMarker = "<redacted-by-opsmodule>";

    /// <summary>Annotation on each saved Secret: "redacted" or "encrypted".</summary>
    public const string SecretValuesAnnotation = "opsmodule.io/secret-values";

    private static readonly string[] ServerMetadata =
    [
        "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
    ];

    private static readonly string[] BookkeepingAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "volume.kubernetes.io/selected-node",
        "volume.kubernetes.io/storage-provisioner",
        "volume.beta.kubernetes.io/storage-provisioner",
    ];

    /// <summary>
    /// Why <paramref name="obj"/> is not worth saving (auto-generated, or recreated by its controller), or null to save it.
    /// </summary>
    public static string? SkipReason(JsonObject obj, bool includeControllerOwned)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = obj["kind"]?.GetValue<string>();
        var name = obj["metadata"]?["name"]?.GetValue<string>();
        if (kind == "ConfigMap" && name == "kube-root-ca.crt")
        {
            return "published by the cluster in every namespace";
        }

        if (kind == "Secret" && obj["type"]?.GetValue<string>() == "kubernetes.io/service-account-token")
        {
            return "service-account token, issued by the cluster";
        }

        if (!includeControllerOwned && obj["metadata"]?["ownerReferences"] is JsonArray owners
            && owners.OfType<JsonObject>().FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true) is { } controller)
        {
            return $"recreated by its controller {controller["kind"]}/{controller["name"]}";
        }

        return null;
    }

    /// <summary>A cleaned deep copy of <paramref name="obj"/> with apiVersion and kind set from <paramref name="type"/> when absent.</summary>
    public static JsonObject Clean(JsonObject obj, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(type);
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] ??= type.ApiVersion;
        copy["kind"] ??= type.Kind;
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }

            CleanAnnotations(metadata);
        }

        var spec = copy["spec"] as JsonObject;
        switch (copy["kind"]?.GetValue<string>())
        {
            case "Service" when spec is not null:
                if (spec["clusterIP"]?.GetValue<string>() != "None")
                {
                    // Headless services must keep "None"; a concrete address is assigned by the cluster.
                    spec.Remove("clusterIP");
                    spec.Remove("clusterIPs");
                }

                spec.Remove("healthCheckNodePort");
                break;
            case "PersistentVolumeClaim" when spec is not null:
                spec.Remove("volumeName");
                break;
        }

        RemoveTemplateTimestamps(spec);
        return copy;
    }

    private static void CleanAnnotations(JsonObject metadata)
    {
        if (metadata["annotations"] is not JsonObject annotations)
        {
            return;
        }

        foreach (var key in annotations.Select(a => a.Key).ToArray())
        {
            if (BookkeepingAnnotations.Contains(key, StringComparer.Ordinal) || key.StartsWith("pv.kubernetes.io/", StringComparison.Ordinal))
            {
                annotations.Remove(key);
            }
        }

        if (annotations.Count == 0)
        {
            metadata.Remove("annotations");
        }
    }

    // kubectl and the API server render pod templates with "creationTimestamp: null"; it carries nothing.
    private static void RemoveTemplateTimestamps(JsonObject? spec)
    {
        (spec?["template"]?["metadata"] as JsonObject)?.Remove("creationTimestamp");
        if (spec?["jobTemplate"] is JsonObject jobTemplate)
        {
            (jobTemplate["metadata"] as JsonObject)?.Remove("creationTimestamp");
            RemoveTemplateTimestamps(jobTemplate["spec"] as JsonObject);
        }

        if (spec?["volumeClaimTemplates"] is JsonArray claims)
        {
            foreach (var claim in claims.OfType<JsonObject>())
            {
                (claim["metadata"] as JsonObject)?.Remove("creationTimestamp");
                claim.Remove("status");
            }
        }
    }
}
