using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>
/// What each controller still has to look at: keys ("namespace/name") per resource, filled from the store's change feed
/// and from timers (<see cref="WakeAt"/>), like the work queues of the real controllers. A controller takes its keys at
/// the start of its turn; changes made during the turn queue keys for the next one.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Dictionary<string, HashSet<string>> _dirty = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(string StorageKey, string Key), DateTimeOffset> _timers = new();

    public void Add(ResourceType type, string? @namespace, string name) => Add(type.StorageKey, ObjectStore.Key(type, @namespace, name));

    public void Add(string storageKey, string key)
    {
        if (!_dirty.TryGetValue(storageKey, out var keys)) _dirty[storageKey] = keys = new HashSet<string>(StringComparer.Ordinal);
        keys.Add(key);
    }

    public void AddAll(ObjectStore store, ResourceType type)
    {
        foreach (var obj in store.List(type, null)) Add(type, obj.Namespace, obj.Name);
    }

    /// <summary>The keys queued for <paramref name="type"/>, in key order; the queue for it is empty afterwards.</summary>
    public List<string> Take(ResourceType type)
    {
        if (!_dirty.Remove(type.StorageKey, out var keys)) return [];
        var list = keys.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Queues the object again at <paramref name="at"/> (a pod's start, a deployment's progress deadline).</summary>
    public void WakeAt(ResourceType type, string? @namespace, string name, DateTimeOffset at) =>
        _timers.Enqueue((type.StorageKey, ObjectStore.Key(type, @namespace, name)), at);

    /// <summary>Queues every object whose timer is due.</summary>
    public void AddDue(DateTimeOffset now)
    {
        while (_timers.TryPeek(out var due, out var at) && at <= now)
        {
            _timers.Dequeue();
            Add(due.StorageKey, due.Key);
        }
    }

    public DateTimeOffset? NextTimer => _timers.TryPeek(out _, out var at) ? at : null;
}
