using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>Legacy (non-aggregated) discovery documents: /version, /api, /apis, /api/v1, /apis/{group}/{version}.</summary>
internal static class Discovery
{
    private static readonly Dictionary<string, (string Group, string Version, string Kind, string[] Verbs)> SubresourceShapes = new()
    {
        ["scale"] = ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        ["exec"] = ("", "", "PodExecOptions", ["create", "get"]),
        ["proxy"] = ("", "", "", ["create", "delete", "get", "patch", "update"]),
        ["log"] = ("", "", "Pod", ["get"]),
        ["eviction"] = ("policy", "v1", "Eviction", ["create"]),
    };

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0",
        ["gitCommit"] = "70d3cc986aa8221cd1dfb1121852688902d3bf53",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T17:59:15Z",
        ["goVersion"] = "go1.23.3",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(bool metricsAvailable)
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in ResourceCatalog.Groups())
        {
            if (group == ResourceCatalog.MetricsGroup && !metricsAvailable) continue;
            var versionArray = new JsonArray();
            foreach (var version in versions) versionArray.Add(GroupVersion(group, version));
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = versionArray,
                ["preferredVersion"] = GroupVersion(group, versions[0]),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject Group(string group, bool metricsAvailable)
    {
        var match = ResourceCatalog.Groups().FirstOrDefault(g => g.Group == group);
        if (match.Group is null || (group == ResourceCatalog.MetricsGroup && !metricsAvailable)) throw StatusBodies.UnknownResource();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(match.Versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
            ["preferredVersion"] = GroupVersion(group, match.Versions[0]),
        };
    }

    public static JsonObject Resources(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in ResourceCatalog.Types.Where(t => t.Group == group && t.Version == version))
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray(type.Verbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (type.ShortNames.Length > 0) resource["shortNames"] = new JsonArray(type.ShortNames.Select(s => (JsonNode)s).ToArray());
            if (type.Categories.Length > 0) resource["categories"] = new JsonArray(type.Categories.Select(s => (JsonNode)s).ToArray());
            resources.Add(resource);
            foreach (var sub in type.Subresources)
            {
                var (subGroup, subVersion, subKind, verbs) = SubresourceShapes.GetValueOrDefault(sub, ("", "", type.Kind, ["get", "patch", "update"]));
                var entry = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                };
                if (subGroup.Length > 0)
                {
                    entry["group"] = subGroup;
                    entry["version"] = subVersion;
                }
                entry["kind"] = subKind.Length > 0 ? subKind : sub == "proxy" ? (type.Kind == "Pod" ? "PodProxyOptions" : "ServiceProxyOptions") : type.Kind;
                entry["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray());
                resources.Add(entry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
}
