using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>DaemonSet → one pod per schedulable node; outdated pods are replaced one at a time.</summary>
internal static class DaemonSetController
{
    private static readonly ResourceType DaemonSets = ResourceCatalog.Apps("daemonsets");
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private static readonly ResourceType Nodes = ResourceCatalog.Core("nodes");
    private const string RevisionLabel = "controller-revision-hash";

    public static void Run(Reconciler r)
    {
        var queued = r.Queue.Take(DaemonSets);
        if (queued.Count == 0) return;
        var nodes = r.Store.List(Nodes, null).Where(n => PodController.IsNodeSchedulable(n.Object)).Select(n => n.Name).ToList();
        foreach (var key in queued)
        {
            if (r.Store.GetByKey(DaemonSets, key) is not { } set) continue;
            var revision = Reconciler.TemplateHash(JsonPaths.Walk(set.Object, "spec", "template"));
            var generation = JsonPaths.Long(set.Object, "metadata", "generation") ?? 1;
            var owned = r.Owned(set, Pods);
            foreach (var node in nodes)
            {
                if (owned.Any(p => JsonPaths.Str(p.Object, "spec", "nodeName") == node)) continue;
                var labels = new Dictionary<string, string> { [RevisionLabel] = revision, ["pod-template-generation"] = generation.ToString() };
                var created = r.Create(Pods, PodFactory.FromTemplate(set, $"{set.Name}-{Reconciler.RandomSuffix()}", labels, node));
                owned.Add(created);
                r.RecordEvent(set.Object, "Normal", "SuccessfulCreate", $"Created pod: {created.Name}", "daemonset-controller");
            }
            foreach (var stray in owned.Where(p => !nodes.Contains(JsonPaths.Str(p.Object, "spec", "nodeName") ?? "")).ToList())
            {
                r.Delete(Pods, stray.Namespace, stray.Name);
                owned.Remove(stray);
            }
            var outdated = owned.Where(p => JsonPaths.Labels(p.Object).GetValueOrDefault(RevisionLabel) != revision).ToList();
            if (outdated.Count > 0 && owned.All(p => Reconciler.IsPodReady(p.Object)))
            {
                r.Delete(Pods, outdated[0].Namespace, outdated[0].Name);
                owned.Remove(outdated[0]);
            }

            var ready = owned.Count(p => Reconciler.IsPodReady(p.Object));
            var obj = r.Store.Get(DaemonSets, set.Namespace, set.Name)!.CloneObject();
            var status = new JsonObject
            {
                ["currentNumberScheduled"] = owned.Count,
                ["numberMisscheduled"] = 0,
                ["desiredNumberScheduled"] = nodes.Count,
                ["numberReady"] = ready,
                ["observedGeneration"] = generation,
                ["updatedNumberScheduled"] = owned.Count(p => JsonPaths.Labels(p.Object).GetValueOrDefault(RevisionLabel) == revision),
                ["numberAvailable"] = ready,
            };
            if (nodes.Count - ready > 0) status["numberUnavailable"] = nodes.Count - ready;
            if (ready == 0) status.Remove("numberAvailable");
            obj["status"] = status;
            r.Save(DaemonSets, obj);
        }
    }
}
