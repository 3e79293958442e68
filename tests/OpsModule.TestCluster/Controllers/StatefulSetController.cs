using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>StatefulSet → pods &lt;name&gt;-0..N-1, created in order (OrderedReady waits for the previous pod to be Ready),
/// removed from the highest ordinal, updated one pod at a time from the highest ordinal.</summary>
internal static class StatefulSetController
{
    private static readonly ResourceType StatefulSets = ResourceCatalog.Apps("statefulsets");
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private const string RevisionLabel = "controller-revision-hash";

    public static void Run(Reconciler r)
    {
        foreach (var key in r.Queue.Take(StatefulSets))
        {
            if (r.Store.GetByKey(StatefulSets, key) is not { } set) continue;
            var desired = (int)(JsonPaths.Long(set.Object, "spec", "replicas") ?? 1);
            var revision = $"{set.Name}-{Reconciler.TemplateHash(JsonPaths.Walk(set.Object, "spec", "template"))}";
            var parallel = JsonPaths.Str(set.Object, "spec", "podManagementPolicy") == "Parallel";
            var owned = r.Owned(set, Pods).ToDictionary(p => p.Name, StringComparer.Ordinal);

            for (var i = 0; i < desired; i++)
            {
                var name = $"{set.Name}-{i}";
                if (owned.TryGetValue(name, out var existing))
                {
                    if (!parallel && !Reconciler.IsPodReady(existing.Object)) break;
                    continue;
                }
                var labels = new Dictionary<string, string>
                {
                    [RevisionLabel] = revision,
                    ["statefulset.kubernetes.io/pod-name"] = name,
                    ["apps.kubernetes.io/pod-index"] = i.ToString(),
                };
                var pod = PodFactory.FromTemplate(set, name, labels);
                var spec = JsonPaths.Child(pod, "spec");
                spec["hostname"] = name;
                if (JsonPaths.Str(set.Object, "spec", "serviceName") is { Length: > 0 } service) spec["subdomain"] = service;
                owned[name] = r.Create(Pods, pod);
                r.RecordEvent(set.Object, "Normal", "SuccessfulCreate", $"create Pod {name} in StatefulSet {set.Name} successful", "statefulset-controller");
                if (!parallel) break;
            }
            foreach (var (name, pod) in owned.OrderByDescending(p => Ordinal(p.Key)).ToList())
            {
                if (Ordinal(name) < desired) continue;
                r.Delete(Pods, pod.Namespace, name);
                owned.Remove(name);
                r.RecordEvent(set.Object, "Normal", "SuccessfulDelete", $"delete Pod {name} in StatefulSet {set.Name} successful", "statefulset-controller");
            }
            var allReady = owned.Count == desired && owned.Values.All(p => Reconciler.IsPodReady(p.Object));
            var outdated = owned.Values.Where(p => JsonPaths.Labels(p.Object).GetValueOrDefault(RevisionLabel) != revision)
                .OrderByDescending(p => Ordinal(p.Name)).FirstOrDefault();
            if (outdated is not null && allReady)
            {
                r.Delete(Pods, outdated.Namespace, outdated.Name);
                owned.Remove(outdated.Name);
            }

            var ready = owned.Values.Count(p => Reconciler.IsPodReady(p.Object));
            var updatedCount = owned.Values.Count(p => JsonPaths.Labels(p.Object).GetValueOrDefault(RevisionLabel) == revision);
            var current = r.Store.Get(StatefulSets, set.Namespace, set.Name)!;
            var obj = current.CloneObject();
            var oldStatus = obj["status"] as JsonObject;
            var currentRevision = updatedCount == owned.Count ? revision : JsonPaths.Str(oldStatus, "currentRevision") ?? revision;
            var status = new JsonObject
            {
                ["observedGeneration"] = JsonPaths.Long(obj, "metadata", "generation") ?? 1,
                ["replicas"] = owned.Count,
                ["readyReplicas"] = ready,
                ["currentReplicas"] = currentRevision == revision ? updatedCount : owned.Count - updatedCount,
                ["updatedReplicas"] = updatedCount,
                ["currentRevision"] = currentRevision,
                ["updateRevision"] = revision,
                ["collisionCount"] = 0,
                ["availableReplicas"] = ready,
            };
            if (ready == 0) status.Remove("readyReplicas");
            obj["status"] = status;
            r.Save(StatefulSets, obj);
        }
    }

    private static int Ordinal(string podName) =>
        int.TryParse(podName[(podName.LastIndexOf('-') + 1)..], out var n) ? n : -1;
}
