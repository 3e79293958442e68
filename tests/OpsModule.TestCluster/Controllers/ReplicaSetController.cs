using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Keeps spec.replicas pods per ReplicaSet and reports their readiness in status.</summary>
internal static class ReplicaSetController
{
    private static readonly ResourceType ReplicaSets = ResourceCatalog.Apps("replicasets");
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");

    public static void Run(Reconciler r)
    {
        foreach (var key in r.Queue.Take(ReplicaSets))
        {
            if (r.Store.GetByKey(ReplicaSets, key) is not { } rs) continue;
            var owned = r.Owned(rs, Pods);
            var active = owned.Where(p => !Reconciler.IsPodFailed(p.Object)).ToList();
            var failed = owned.Count - active.Count;
            var desired = (int)(JsonPaths.Long(rs.Object, "spec", "replicas") ?? 1);
            if (active.Count < desired && failed < Math.Max(desired, 1))
            {
                for (var i = active.Count; i < desired; i++)
                {
                    var pod = PodFactory.FromTemplate(rs, $"{rs.Name}-{Reconciler.RandomSuffix()}");
                    var created = r.Create(Pods, pod);
                    active.Add(created);
                    r.RecordEvent(rs.Object, "Normal", "SuccessfulCreate", $"Created pod: {created.Name}", "replicaset-controller");
                }
            }
            else if (active.Count > desired)
            {
                var victims = active
                    .OrderBy(p => string.IsNullOrEmpty(JsonPaths.Str(p.Object, "spec", "nodeName")) ? 0 : 1)
                    .ThenBy(p => Reconciler.IsPodReady(p.Object) ? 1 : 0)
                    .ThenByDescending(p => p.ResourceVersion)
                    .Take(active.Count - desired)
                    .ToList();
                foreach (var victim in victims)
                {
                    r.Delete(Pods, victim.Namespace, victim.Name);
                    active.Remove(victim);
                    r.RecordEvent(rs.Object, "Normal", "SuccessfulDelete", $"Deleted pod: {victim.Name}", "replicaset-controller");
                }
            }
            var current = r.Store.Get(ReplicaSets, rs.Namespace, rs.Name)!;
            var updated = current.CloneObject();
            var ready = active.Count(p => Reconciler.IsPodReady(p.Object));
            var status = new JsonObject
            {
                ["replicas"] = active.Count,
                ["fullyLabeledReplicas"] = active.Count,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
                ["observedGeneration"] = JsonPaths.Long(current.Object, "metadata", "generation") ?? 1,
            };
            if (ready == 0) { status.Remove("readyReplicas"); status.Remove("availableReplicas"); }
            if (active.Count == 0) status.Remove("fullyLabeledReplicas");
            updated["status"] = status;
            r.Save(ReplicaSets, updated);
        }
    }

    public static int StatusCount(JsonObject rs, string field) => (int)(JsonPaths.Long(rs, "status", field) ?? 0);
}
