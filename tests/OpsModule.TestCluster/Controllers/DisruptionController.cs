using System.Text.Json.Nodes;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>
/// kube-controller-manager's disruption controller: keeps each PodDisruptionBudget's status (expected, desired and current healthy
/// pods, disruptions allowed, the DisruptionAllowed condition) in step with the pods it selects.
/// </summary>
internal static class DisruptionController
{
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");

    public static void Run(Reconciler r)
    {
        foreach (var pdb in r.Store.List(ResourceCatalog.PodDisruptionBudgets, null).ToList())
        {
            var updated = pdb.CloneObject();
            updated["status"] = Status(r, pdb);
            r.Save(ResourceCatalog.PodDisruptionBudgets, updated);
        }
    }

    /// <summary>The pods a budget guards: selected by its selector in its namespace, not finished. A null selector selects none (policy/v1).</summary>
    public static List<StoredObject> SelectedPods(ObjectStore store, JsonObject pdb, string? @namespace)
    {
        if (JsonPaths.Walk(pdb, "spec", "selector") is not JsonObject selectorNode) return [];
        var selector = LabelSelector.FromObject(selectorNode);
        return store.List(Pods, @namespace).Where(p => selector.Matches(p.Object) && !Reconciler.IsPodFailed(p.Object)).ToList();
    }

    private static JsonObject Status(Reconciler r, StoredObject pdb)
    {
        var pods = SelectedPods(r.Store, pdb.Object, pdb.Namespace);
        var healthy = pods.Count(p => Reconciler.IsPodReady(p.Object));
        var spec = JsonPaths.Walk(pdb.Object, "spec") as JsonObject;
        int expected, desired;
        if (spec?["maxUnavailable"] is { } maxUnavailable)
        {
            expected = ExpectedScale(r, pods);
            desired = Math.Max(0, expected - IntOrPercent.Resolve(maxUnavailable, expected, roundUp: true, fallbackPercent: 0));
        }
        else if (spec?["minAvailable"] is JsonValue minAvailable && minAvailable.TryGetValue<string>(out _))
        {
            expected = ExpectedScale(r, pods);
            desired = IntOrPercent.Resolve(minAvailable, expected, roundUp: true, fallbackPercent: 0);
        }
        else
        {
            expected = pods.Count;
            desired = spec?["minAvailable"] is { } min ? IntOrPercent.Resolve(min, expected, roundUp: true, fallbackPercent: 0) : 0;
        }

        var allowed = Math.Max(0, healthy - desired);
        var condition = new JsonObject
        {
            ["type"] = "DisruptionAllowed",
            ["status"] = allowed > 0 ? "True" : "False",
            ["reason"] = allowed > 0 ? "SufficientPods" : "InsufficientPods",
            ["message"] = "",
            ["observedGeneration"] = JsonPaths.Long(pdb.Object, "metadata", "generation") ?? 1,
            ["lastTransitionTime"] = TransitionTime(pdb.Object, allowed > 0, r.Now),
        };
        return new JsonObject
        {
            ["observedGeneration"] = JsonPaths.Long(pdb.Object, "metadata", "generation") ?? 1,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = healthy,
            ["desiredHealthy"] = desired,
            ["expectedPods"] = expected,
            ["conditions"] = new JsonArray(condition),
        };
    }

    /// <summary>Percentages and maxUnavailable count against the controllers' scale (a Deployment's replicas for its ReplicaSets' pods).</summary>
    private static int ExpectedScale(Reconciler r, List<StoredObject> pods)
    {
        var owners = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var owner = ControllerOf(r.Store, pod);
            if (owner is null) continue;
            var top = owner.Type.Kind == "ReplicaSet" ? ControllerOf(r.Store, owner) ?? owner : owner;
            owners[top.Uid] = JsonPaths.Long(top.Object, "spec", "replicas") ?? 1;
        }
        return owners.Count == 0 ? pods.Count : (int)owners.Values.Sum();
    }

    private static StoredObject? ControllerOf(ObjectStore store, StoredObject child)
    {
        var reference = JsonPaths.Objects(JsonPaths.Walk(child.Object, "metadata", "ownerReferences"))
            .FirstOrDefault(o => JsonPaths.Str(o, "controller") == "true");
        if (reference is null) return null;
        var type = ResourceCatalog.FindByKind(JsonPaths.Str(reference, "apiVersion") ?? "", JsonPaths.Str(reference, "kind") ?? "");
        return type is null ? null : store.Get(type, child.Namespace, JsonPaths.Str(reference, "name") ?? "");
    }

    private static string TransitionTime(JsonObject pdb, bool allowed, DateTimeOffset now)
    {
        var previous = JsonPaths.Objects(JsonPaths.Walk(pdb, "status", "conditions")).FirstOrDefault(c => JsonPaths.Str(c, "type") == "DisruptionAllowed");
        return previous is not null && JsonPaths.Str(previous, "status") == (allowed ? "True" : "False")
            ? JsonPaths.Str(previous, "lastTransitionTime") ?? JsonPaths.Timestamp(now)
            : JsonPaths.Timestamp(now);
    }
}
