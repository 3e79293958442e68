using System.Text.Json.Nodes;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Small manifests for the fidelity tests.</summary>
internal static class Manifests
{
    public static JsonObject Deployment(string name, int replicas, string image = "nginx:1.25", string? ns = "default",
        Dictionary<string, string>? labels = null, int? progressDeadlineSeconds = null)
    {
        labels ??= new Dictionary<string, string> { ["app"] = name };
        var labelObject = new JsonObject();
        foreach (var (k, v) in labels) labelObject[k] = v;
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = labelObject.DeepClone() },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = labelObject },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = image,
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
                    }),
                },
            },
        };
        if (progressDeadlineSeconds is { } deadline) spec["progressDeadlineSeconds"] = deadline;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    public static JsonObject Service(string name, Dictionary<string, string> selector, string? ns = "default")
    {
        var selectorObject = new JsonObject();
        foreach (var (k, v) in selector) selectorObject[k] = v;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["selector"] = selectorObject,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" }),
            },
        };
    }

    public static JsonObject ConfigMap(string name, string ns = "default", Dictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            var labelObject = new JsonObject();
            foreach (var (k, v) in labels) labelObject[k] = v;
            metadata["labels"] = labelObject;
        }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["key"] = "value" } };
    }

    public static int ReadyPods(OpsModule.TestCluster.TestCluster cluster, string ns, string selector) =>
        cluster.ListPods(ns, selector).Count(p => p["status"]?["conditions"] is JsonArray conditions
            && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True"));
}
