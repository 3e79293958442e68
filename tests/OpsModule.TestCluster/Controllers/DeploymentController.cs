using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>
/// Deployment → ReplicaSets. A template change creates a new ReplicaSet at full size; old ReplicaSets are scaled to 0
/// once the new one is fully available (Recreate: old ones first). Status and conditions follow the real controller.
/// </summary>
internal static class DeploymentController
{
    private static readonly ResourceType Deployments = ResourceCatalog.Apps("deployments");
    private static readonly ResourceType ReplicaSets = ResourceCatalog.Apps("replicasets");
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public static void Run(Reconciler r)
    {
        foreach (var key in r.Queue.Take(Deployments))
        {
            if (r.Store.GetByKey(Deployments, key) is not { } deployment) continue;
            Reconcile(r, deployment, r.Owned(deployment, ReplicaSets));
        }
    }

    private static void Reconcile(Reconciler r, StoredObject deployment, List<StoredObject> owned)
    {
        var spec = deployment.Object["spec"] as JsonObject ?? new JsonObject();
        var desired = (int)(JsonPaths.Long(spec, "replicas") ?? 1);
        var paused = JsonPaths.Str(spec, "paused") == "true";
        var template = spec["template"] as JsonObject ?? new JsonObject();
        var hash = Reconciler.TemplateHash(template);
        var newName = $"{deployment.Name}-{hash}";
        var newSet = owned.FirstOrDefault(s => JsonPaths.Labels(s.Object).GetValueOrDefault(HashLabel) == hash);
        var oldSets = owned.Where(s => s != newSet).ToList();
        var recreate = JsonPaths.Str(spec, "strategy", "type") == "Recreate";
        var oldPodsRunning = oldSets.Sum(s => ReplicaSetController.StatusCount(s.Object, "replicas"));

        if (!paused)
        {
            if (newSet is null)
            {
                var revision = owned.Select(s => long.TryParse(JsonPaths.Str(s.Object, "metadata", "annotations", RevisionAnnotation), out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
                var initial = recreate && oldPodsRunning > 0 ? 0 : desired;
                newSet = r.Create(ReplicaSets, NewReplicaSet(deployment, template, hash, newName, initial, revision));
                if (initial > 0) ScalingEvent(r, deployment, newName, initial, 0);
            }
            else
            {
                var current = (int)(JsonPaths.Long(newSet.Object, "spec", "replicas") ?? 0);
                var target = recreate && oldPodsRunning > 0 ? 0 : desired;
                if (current != target) newSet = Scale(r, deployment, newSet, target, current);
            }
            var newAvailable = ReplicaSetController.StatusCount(newSet.Object, "availableReplicas");
            foreach (var old in oldSets)
            {
                var replicas = (int)(JsonPaths.Long(old.Object, "spec", "replicas") ?? 0);
                if (replicas > 0 && (recreate || newAvailable >= desired)) Scale(r, deployment, old, 0, replicas);
            }
        }

        var fresh = r.Owned(deployment, ReplicaSets);
        var freshNew = fresh.FirstOrDefault(s => s.Name == newSet?.Name);
        UpdateStatus(r, r.Store.Get(Deployments, deployment.Namespace, deployment.Name)!, fresh, freshNew, desired);
    }

    private static StoredObject Scale(Reconciler r, StoredObject deployment, StoredObject set, int to, int from)
    {
        var updated = set.CloneObject();
        JsonPaths.Child(updated, "spec")["replicas"] = to;
        var annotations = JsonPaths.Child(JsonPaths.Metadata(updated), "annotations");
        annotations["deployment.kubernetes.io/desired-replicas"] = ((int)(JsonPaths.Long(deployment.Object, "spec", "replicas") ?? 1)).ToString();
        ScalingEvent(r, deployment, set.Name, to, from);
        return r.Save(ReplicaSets, updated);
    }

    private static void ScalingEvent(Reconciler r, StoredObject deployment, string setName, int to, int from) =>
        r.RecordEvent(deployment.Object, "Normal", "ScalingReplicaSet",
            $"Scaled {(to > from ? "up" : "down")} replica set {setName} to {to} from {from}", "deployment-controller");

    private static JsonObject NewReplicaSet(StoredObject deployment, JsonObject template, string hash, string name, int replicas, long revision)
    {
        var rsTemplate = (JsonObject)template.DeepClone();
        var templateMetadata = JsonPaths.Child(rsTemplate, "metadata");
        JsonPaths.Child(templateMetadata, "labels")[HashLabel] = hash;
        var selector = JsonPaths.Walk(deployment.Object, "spec", "selector") is JsonObject s ? (JsonObject)s.DeepClone() : new JsonObject();
        JsonPaths.Child(selector, "matchLabels")[HashLabel] = hash;
        var labels = new Dictionary<string, string>(JsonPaths.Labels(template, "metadata", "labels")) { [HashLabel] = hash };
        var desired = (int)(JsonPaths.Long(deployment.Object, "spec", "replicas") ?? 1);
        var maxSurge = IntOrPercent.Resolve(JsonPaths.Walk(deployment.Object, "spec", "strategy", "rollingUpdate", "maxSurge"), desired, true, 25);
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = deployment.Namespace,
                ["labels"] = JsonPaths.ToObject(labels),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = desired.ToString(),
                    ["deployment.kubernetes.io/max-replicas"] = (desired + maxSurge).ToString(),
                    [RevisionAnnotation] = revision.ToString(),
                },
                ["ownerReferences"] = new JsonArray(Reconciler.OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = selector,
                ["template"] = rsTemplate,
            },
        };
    }

    private static void UpdateStatus(Reconciler r, StoredObject deployment, List<StoredObject> sets, StoredObject? newSet, int desired)
    {
        int Sum(IEnumerable<StoredObject> items, string field) => items.Sum(s => ReplicaSetController.StatusCount(s.Object, field));
        var specTotal = sets.Sum(s => (int)(JsonPaths.Long(s.Object, "spec", "replicas") ?? 0));
        var available = Sum(sets, "availableReplicas");
        var replicas = Sum(sets, "replicas");
        var updated = newSet is null ? 0 : ReplicaSetController.StatusCount(newSet.Object, "replicas");
        var ready = Sum(sets, "readyReplicas");
        var unavailable = Math.Max(0, specTotal - available);
        var generation = JsonPaths.Long(deployment.Object, "metadata", "generation") ?? 1;
        var maxUnavailable = IntOrPercent.Resolve(JsonPaths.Walk(deployment.Object, "spec", "strategy", "rollingUpdate", "maxUnavailable"), desired, false, 25);
        if (JsonPaths.Str(deployment.Object, "spec", "strategy", "type") == "Recreate") maxUnavailable = desired;
        var obj = deployment.CloneObject();
        var oldStatus = obj["status"] as JsonObject;
        var status = new JsonObject { ["observedGeneration"] = generation };
        if (replicas > 0) status["replicas"] = replicas;
        if (updated > 0) status["updatedReplicas"] = updated;
        if (ready > 0) status["readyReplicas"] = ready;
        if (available > 0) status["availableReplicas"] = available;
        if (unavailable > 0) status["unavailableReplicas"] = unavailable;

        var runtime = r.Runtime.Deployments.TryGetValue(deployment.Uid, out var known) ? known : r.Runtime.Deployments[deployment.Uid] = new DeploymentRuntime { LastProgress = r.Now };
        var setName = newSet?.Name ?? $"{deployment.Name}-{Reconciler.TemplateHash(JsonPaths.Walk(deployment.Object, "spec", "template"))}";
        var snapshot = $"{setName}|{generation}|{updated}|{ready}|{available}|{replicas}";
        if (snapshot != runtime.ProgressSnapshot)
        {
            runtime.ProgressSnapshot = snapshot;
            runtime.LastProgress = r.Now;
        }
        var complete = updated == desired && replicas == desired && available == desired;
        var deadline = JsonPaths.Long(deployment.Object, "spec", "progressDeadlineSeconds");
        var now = JsonPaths.Timestamp(r.Now);

        var conditions = new JsonArray();
        var isAvailable = available >= desired - maxUnavailable;
        conditions.Add(Condition(oldStatus, "Available", isAvailable,
            isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            isAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now, null));
        string progressReason;
        bool progressing = true;
        string progressMessage;
        if (JsonPaths.Str(deployment.Object, "spec", "paused") == "true")
        {
            progressReason = "DeploymentPaused";
            progressMessage = "Deployment is paused";
            progressing = false;
        }
        else if (complete)
        {
            progressReason = "NewReplicaSetAvailable";
            progressMessage = $"ReplicaSet \"{setName}\" has successfully progressed.";
        }
        else if (deadline is { } seconds && r.Now >= runtime.LastProgress.AddSeconds(seconds))
        {
            progressReason = "ProgressDeadlineExceeded";
            progressMessage = $"ReplicaSet \"{setName}\" has timed out progressing.";
            progressing = false;
        }
        else
        {
            progressReason = "ReplicaSetUpdated";
            progressMessage = $"ReplicaSet \"{setName}\" is progressing.";
            if (deadline is { } wait) r.WakeAt(deployment, runtime.LastProgress.AddSeconds(wait));
        }
        conditions.Add(Condition(oldStatus, "Progressing", progressing, progressReason, progressMessage, now, JsonPaths.Timestamp(runtime.LastProgress)));
        status["conditions"] = conditions;
        obj["status"] = status;
        if (newSet is not null && JsonPaths.Str(newSet.Object, "metadata", "annotations", RevisionAnnotation) is { } revision)
            JsonPaths.Child(JsonPaths.Metadata(obj), "annotations")[RevisionAnnotation] = revision;
        r.Save(Deployments, obj);
    }

    private static JsonObject Condition(JsonObject? oldStatus, string type, bool value, string reason, string message, string now, string? lastUpdate)
    {
        var previous = JsonPaths.Objects(oldStatus?["conditions"]).FirstOrDefault(c => JsonPaths.Str(c, "type") == type);
        var statusText = value ? "True" : "False";
        var sameStatus = previous is not null && JsonPaths.Str(previous, "status") == statusText;
        var sameReason = sameStatus && JsonPaths.Str(previous, "reason") == reason && JsonPaths.Str(previous, "message") == message;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = statusText,
            ["lastUpdateTime"] = sameReason && lastUpdate is null ? JsonPaths.Str(previous, "lastUpdateTime") : (lastUpdate ?? now),
            ["lastTransitionTime"] = sameStatus ? JsonPaths.Str(previous, "lastTransitionTime") : now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
