using System.Text.Json.Nodes;
using OpsModule.TestCluster.Controllers;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>
/// POST pods/{name}/eviction (policy/v1 Eviction), as the API server's eviction REST handler decides it: a finished pod is deleted
/// without asking; otherwise the one PodDisruptionBudget selecting the pod must allow a disruption (429 TooManyRequests with a
/// DisruptionBudget cause when it does not), except that an unready pod may go while the budget is met
/// (unhealthyPodEvictionPolicy IfHealthyBudget, the default) or always (AlwaysAllow).
/// </summary>
internal static class EvictionHandler
{
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private const string Refused = "Cannot evict pod as it would violate the pod's disruption budget.";

    public static JsonObject EvictLocked(ClusterEngine engine, string @namespace, string name, JsonObject eviction)
    {
        var kind = JsonPaths.Str(eviction, "kind");
        if (kind is not null && kind != "Eviction") throw StatusBodies.BadRequest($"expected an Eviction, got {kind}");
        var bodyName = JsonPaths.Str(eviction, "metadata", "name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
            throw StatusBodies.BadRequest($"name in URL does not match name in Eviction object");
        var pod = engine.GetOrThrow(Pods, @namespace, name);
        var options = JsonPaths.Walk(eviction, "deleteOptions") as JsonObject;
        if (!Reconciler.IsPodFailed(pod.Object)) CheckBudget(engine, pod);
        engine.DeleteLocked(Pods, @namespace, name, options);
        return new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 };
    }

    private static void CheckBudget(ClusterEngine engine, StoredObject pod)
    {
        var budgets = engine.Store.List(ResourceCatalog.PodDisruptionBudgets, pod.Namespace)
            .Where(b => DisruptionController.SelectedPods(engine.Store, b.Object, pod.Namespace).Any(p => p.Uid == pod.Uid))
            .ToList();
        if (budgets.Count == 0) return;
        if (budgets.Count > 1)
            throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");

        var budget = budgets[0];
        var status = JsonPaths.Walk(budget.Object, "status") as JsonObject;
        if ((JsonPaths.Long(status, "observedGeneration") ?? 0) < (JsonPaths.Long(budget.Object, "metadata", "generation") ?? 1))
            throw TooManyRequests(budget, $"The disruption budget {budget.Name} is still being processed by the server.", retryAfterSeconds: 10);

        var current = JsonPaths.Long(status, "currentHealthy") ?? 0;
        var desired = JsonPaths.Long(status, "desiredHealthy") ?? 0;
        if (!Reconciler.IsPodReady(pod.Object))
        {
            var policy = JsonPaths.Str(budget.Object, "spec", "unhealthyPodEvictionPolicy") ?? "IfHealthyBudget";
            if (policy == "AlwaysAllow" || (current >= desired && desired > 0)) return;
        }

        var allowed = JsonPaths.Long(status, "disruptionsAllowed") ?? 0;
        if (allowed <= 0)
            throw TooManyRequests(budget, $"The disruption budget {budget.Name} needs {desired} healthy pods and has {current} currently", retryAfterSeconds: null);

        var updated = budget.CloneObject();
        var updatedStatus = JsonPaths.Child(updated, "status");
        updatedStatus["disruptionsAllowed"] = allowed - 1;
        JsonPaths.Child(updatedStatus, "disruptedPods")[pod.Name] = JsonPaths.Timestamp(DateTimeOffset.UtcNow);
        engine.Store.Put(ResourceCatalog.PodDisruptionBudgets, updated);
    }

    private static ApiException TooManyRequests(StoredObject budget, string cause, int? retryAfterSeconds)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = cause }),
        };
        if (retryAfterSeconds is { } seconds) details["retryAfterSeconds"] = seconds;
        return new ApiException(429, "TooManyRequests", Refused, details, retryAfterSeconds);
    }
}
