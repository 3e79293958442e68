using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Builds a pod from a workload's pod template, owned by that workload.</summary>
internal static class PodFactory
{
    public static JsonObject FromTemplate(StoredObject owner, string name, IReadOnlyDictionary<string, string>? extraLabels = null, string? nodeName = null)
    {
        var template = JsonPaths.Walk(owner.Object, "spec", "template") as JsonObject ?? new JsonObject();
        var templateMetadata = template["metadata"] as JsonObject;
        var labels = new Dictionary<string, string>(JsonPaths.Labels(templateMetadata, "labels"));
        if (extraLabels is not null)
        {
            foreach (var (k, v) in extraLabels) labels[k] = v;
        }
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["generateName"] = name[..(name.LastIndexOf('-') + 1)],
            ["namespace"] = owner.Namespace,
            ["labels"] = JsonPaths.ToObject(labels),
        };
        if (templateMetadata?["annotations"] is JsonObject annotations) metadata["annotations"] = annotations.DeepClone();
        metadata["ownerReferences"] = new JsonArray(Reconciler.OwnerReference(owner));
        var spec = template["spec"] is JsonObject templateSpec ? (JsonObject)templateSpec.DeepClone() : new JsonObject();
        ObjectDefaults.DefaultPodSpec(spec);
        spec["serviceAccountName"] ??= "default";
        spec["serviceAccount"] ??= JsonPaths.Str(spec, "serviceAccountName");
        if (nodeName is not null) spec["nodeName"] = nodeName;
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }
}
