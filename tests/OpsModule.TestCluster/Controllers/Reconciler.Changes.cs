using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Routes each change in the store to the controllers that must look at it (the informers' event handlers).</summary>
internal sealed partial class Reconciler
{
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private static readonly ResourceType Services = ResourceCatalog.Core("services");
    private static readonly ResourceType Namespaces = ResourceCatalog.Core("namespaces");
    private static readonly ResourceType DaemonSets = ResourceCatalog.Apps("daemonsets");
    private static readonly HashSet<string> Controlled = new(
        new[] { Pods, Services, DaemonSets, ResourceCatalog.Apps("deployments"), ResourceCatalog.Apps("replicasets"), ResourceCatalog.Apps("statefulsets") }
            .Select(t => t.StorageKey), StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<StoredObject, LabelSelector> ServiceSelectors = new();

    /// <summary>For the garbage collector: uids of deleted objects, namespaces deleted, objects whose owner or namespace may be missing.</summary>
    public HashSet<string> DeletedUids { get; } = new(StringComparer.Ordinal);

    public HashSet<string> DeletedNamespaces { get; } = new(StringComparer.Ordinal);

    public HashSet<(ResourceType Type, string? Namespace, string Name)> MaybeOrphans { get; } = [];

    private void OnChange(WatchEvent change)
    {
        var current = change.Current;
        var previous = change.Previous;
        var deleted = change.Type == "DELETED";
        if (Controlled.Contains(change.StorageKey)) Queue.Add(change.StorageKey, ObjectStore.Key(current.Type, current.Namespace, current.Name));
        QueueOwner(previous);
        QueueOwner(current);
        switch (change.StorageKey)
        {
            case "/pods":
                if (deleted) Runtime.Pods.Remove(current.Uid);
                if (deleted || previous is null || EndpointsInputChanged(previous, current)) QueueServicesSelecting(current, previous);
                break;
            case "/endpoints":
                // The endpoints controller owns these: a change by anyone else is put right again.
                Queue.Add(Services, current.Namespace, current.Name);
                break;
            case "/nodes":
                Queue.AddAll(Store, Pods);
                Queue.AddAll(Store, DaemonSets);
                break;
            case "/namespaces" when deleted:
                DeletedNamespaces.Add(current.Name);
                break;
            case "apps/deployments" when deleted:
                Runtime.Deployments.Remove(current.Uid);
                break;
        }
        if (deleted)
        {
            if (current.Uid.Length > 0) DeletedUids.Add(current.Uid);
            return;
        }
        var namespaceMissing = current.Type.Namespaced && current.Type.Group != ResourceCatalog.MetricsGroup
            && current.Namespace is { } ns && Store.Get(Namespaces, null, ns) is null;
        if (namespaceMissing || (current.ControllerUid is { } owner && Store.GetByUid(owner) is null))
            MaybeOrphans.Add((current.Type, current.Namespace, current.Name));
    }

    private void QueueOwner(StoredObject? dependent)
    {
        if (dependent?.ControllerUid is { } uid && Store.GetByUid(uid) is { } owner) Queue.Add(owner.Type, owner.Namespace, owner.Name);
    }

    private void QueueServicesSelecting(StoredObject pod, StoredObject? previous)
    {
        foreach (var service in Store.List(Services, pod.Namespace))
        {
            if (SelectorOf(service) is not { } selector) continue;
            if (selector.Matches(pod.Labels) || (previous is not null && selector.Matches(previous.Labels)))
                Queue.Add(Services, service.Namespace, service.Name);
        }
    }

    /// <summary>The Service's spec.selector, or null when it has none (no managed endpoints).</summary>
    public static LabelSelector? SelectorOf(StoredObject service) =>
        JsonPaths.Walk(service.Object, "spec", "selector") is JsonObject { Count: > 0 } selector
            ? ServiceSelectors.GetValue(service, _ => LabelSelector.FromMap(JsonPaths.StringMap(selector)))
            : null;

    /// <summary>Whether a pod changed in what an Endpoints object shows of it.</summary>
    private static bool EndpointsInputChanged(StoredObject before, StoredObject after) =>
        !before.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).SequenceEqual(after.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        || JsonPaths.Str(before.Object, "status", "podIP") != JsonPaths.Str(after.Object, "status", "podIP")
        || JsonPaths.Str(before.Object, "spec", "nodeName") != JsonPaths.Str(after.Object, "spec", "nodeName")
        || IsPodReady(before.Object) != IsPodReady(after.Object)
        || IsPodFailed(before.Object) != IsPodFailed(after.Object)
        || !JsonNode.DeepEquals(JsonPaths.Walk(before.Object, "spec", "containers"), JsonPaths.Walk(after.Object, "spec", "containers"));
}
