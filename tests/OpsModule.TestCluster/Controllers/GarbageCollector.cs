using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Deletes dependents whose controlling owner no longer exists (background cascading deletion).</summary>
internal static class GarbageCollector
{
    public static void Run(Reconciler r)
    {
        var liveUids = new HashSet<string>(r.Store.All().Select(o => o.Uid), StringComparer.Ordinal);
        foreach (var type in new[] { ResourceCatalog.Apps("replicasets"), ResourceCatalog.Core("pods") })
        {
            var orphans = r.Store.List(type, null)
                .Where(o => Reconciler.ControllerUid(o.Object) is { } owner && !liveUids.Contains(owner))
                .ToList();
            foreach (var orphan in orphans) r.Delete(type, orphan.Namespace, orphan.Name);
        }
        // Objects in deleted namespaces go with them.
        var namespaces = new HashSet<string>(r.Store.List(ResourceCatalog.Core("namespaces"), null).Select(n => n.Name), StringComparer.Ordinal);
        foreach (var obj in r.Store.All().Where(o => o.Type.Namespaced && o.Type.Group != ResourceCatalog.MetricsGroup && o.Namespace is { } ns && !namespaces.Contains(ns)).ToList())
            r.Delete(obj.Type, obj.Namespace, obj.Name);
    }
}
