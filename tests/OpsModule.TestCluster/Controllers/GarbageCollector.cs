using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Deletes dependents whose controlling owner no longer exists (background cascading deletion), and the objects
/// of deleted namespaces. Looks only at what changed: deleted owners, deleted namespaces, objects written since the last turn.</summary>
internal static class GarbageCollector
{
    private static readonly ResourceType[] Collected = [ResourceCatalog.Apps("replicasets"), ResourceCatalog.Core("pods")];
    private static readonly ResourceType Namespaces = ResourceCatalog.Core("namespaces");

    public static void Run(Reconciler r)
    {
        var namespaces = r.DeletedNamespaces.ToList();
        r.DeletedNamespaces.Clear();
        foreach (var ns in namespaces)
        {
            if (r.Store.Get(Namespaces, null, ns) is not null) continue;
            foreach (var obj in r.Store.InNamespace(ns).Where(o => o.Type.Group != ResourceCatalog.MetricsGroup).ToList())
                r.Delete(obj.Type, obj.Namespace, obj.Name);
        }

        var owners = r.DeletedUids.ToList();
        r.DeletedUids.Clear();
        foreach (var uid in owners)
        {
            if (r.Store.GetByUid(uid) is not null) continue;
            foreach (var type in Collected)
            {
                foreach (var orphan in r.Store.Dependents(uid, type)) r.Delete(type, orphan.Namespace, orphan.Name);
            }
        }

        var suspects = r.MaybeOrphans.ToList();
        r.MaybeOrphans.Clear();
        foreach (var (type, ns, name) in suspects)
        {
            if (r.Store.Get(type, ns, name) is not { } obj) continue;
            var namespaceGone = ns is not null && r.Store.Get(Namespaces, null, ns) is null;
            var ownerGone = Collected.Any(c => c.StorageKey == type.StorageKey) && obj.ControllerUid is { } owner && r.Store.GetByUid(owner) is null;
            if (namespaceGone || ownerGone) r.Delete(type, ns, name);
        }
    }
}
