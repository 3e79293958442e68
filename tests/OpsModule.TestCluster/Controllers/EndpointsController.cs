using System.Text.Json.Nodes;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Endpoints for every Service with a selector, from the pods it matches; written in one step per Service.</summary>
internal static class EndpointsController
{
    private static readonly ResourceType Services = ResourceCatalog.Core("services");
    private static readonly ResourceType Endpoints = ResourceCatalog.Core("endpoints");
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");

    public static void Run(Reconciler r)
    {
        foreach (var key in r.Queue.Take(Services))
        {
            var service = r.Store.GetByKey(Services, key);
            if (service is null || Reconciler.SelectorOf(service) is not { } selector)
            {
                if (!r.Runtime.ManagedEndpoints.Remove(key)) continue;
                var slash = key.IndexOf('/');
                r.Delete(Endpoints, key[..slash], key[(slash + 1)..]);
                continue;
            }
            var pods = r.Store.List(Pods, service.Namespace)
                .Where(p => selector.Matches(p.Labels) && JsonPaths.Str(p.Object, "status", "podIP") is { Length: > 0 } && !Reconciler.IsPodFailed(p.Object))
                .ToList();
            var existing = r.Store.Get(Endpoints, service.Namespace, service.Name);
            var obj = existing?.CloneObject() ?? new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = service.Name, ["namespace"] = service.Namespace },
            };
            var metadata = JsonPaths.Metadata(obj);
            if (JsonPaths.Walk(service.Object, "metadata", "labels") is JsonObject labels) metadata["labels"] = labels.DeepClone();
            else metadata.Remove("labels");
            var subsets = BuildSubsets(service.Object, pods);
            if (subsets.Count > 0) obj["subsets"] = subsets;
            else obj.Remove("subsets");
            r.Runtime.ManagedEndpoints.Add(key);
            if (existing is null) r.Create(Endpoints, obj);
            else r.Save(Endpoints, obj);
        }
    }

    private static JsonArray BuildSubsets(JsonObject service, List<StoredObject> pods)
    {
        // Pods that resolve the service ports to the same numbers share a subset, like the real controller.
        var groups = new Dictionary<string, (JsonArray Ports, JsonArray Ready, JsonArray NotReady)>(StringComparer.Ordinal);
        foreach (var pod in pods.OrderBy(p => JsonPaths.Str(p.Object, "status", "podIP"), StringComparer.Ordinal))
        {
            var ports = new JsonArray();
            foreach (var servicePort in JsonPaths.Objects(JsonPaths.Walk(service, "spec", "ports")))
            {
                if (ResolveTargetPort(servicePort, pod.Object) is not { } number) continue;
                var port = new JsonObject();
                if (JsonPaths.Str(servicePort, "name") is { Length: > 0 } name) port["name"] = name;
                port["port"] = number;
                port["protocol"] = JsonPaths.Str(servicePort, "protocol") ?? "TCP";
                if (JsonPaths.Str(servicePort, "appProtocol") is { } appProtocol) port["appProtocol"] = appProtocol;
                ports.Add(port);
            }
            var signature = ports.ToJsonString();
            if (!groups.TryGetValue(signature, out var group)) groups[signature] = group = (ports, new JsonArray(), new JsonArray());
            var address = new JsonObject
            {
                ["ip"] = JsonPaths.Str(pod.Object, "status", "podIP"),
                ["nodeName"] = JsonPaths.Str(pod.Object, "spec", "nodeName"),
                ["targetRef"] = new JsonObject
                {
                    ["kind"] = "Pod",
                    ["namespace"] = pod.Namespace,
                    ["name"] = pod.Name,
                    ["uid"] = pod.Uid,
                },
            };
            (Reconciler.IsPodReady(pod.Object) ? group.Ready : group.NotReady).Add(address);
        }
        var subsets = new JsonArray();
        foreach (var (ports, ready, notReady) in groups.Values)
        {
            var subset = new JsonObject();
            if (ready.Count > 0) subset["addresses"] = ready;
            if (notReady.Count > 0) subset["notReadyAddresses"] = notReady;
            if (ports.Count > 0) subset["ports"] = ports;
            subsets.Add(subset);
        }
        return subsets;
    }

    /// <summary>targetPort as a number, or a named container port looked up in the pod; null when the pod lacks that name.</summary>
    public static int? ResolveTargetPort(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"] ?? servicePort["port"];
        if (target is JsonValue v && v.TryGetValue<int>(out var number)) return number;
        var name = target is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;
        if (name is null) return null;
        if (int.TryParse(name, out var parsed)) return parsed;
        foreach (var container in JsonPaths.Objects(JsonPaths.Walk(pod, "spec", "containers")))
        {
            foreach (var port in JsonPaths.Objects(container["ports"]))
            {
                if (JsonPaths.Str(port, "name") == name && JsonPaths.Long(port, "containerPort") is { } found) return (int)found;
            }
        }
        return null;
    }
}
