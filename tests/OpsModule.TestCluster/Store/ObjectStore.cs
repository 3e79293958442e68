using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Store;

/// <summary>
/// All objects of the cluster, behind one lock (<see cref="Sync"/>). Every method must be called with the lock held.
/// resourceVersion is one global counter, like etcd's revision.
/// </summary>
internal sealed class ObjectStore
{
    private const int HistoryLimit = 50_000;

    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _byResource = new(StringComparer.Ordinal);
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion = 1000;

    public object Sync { get; } = new();

    public long ResourceVersion => _resourceVersion;

    public StoredObject? Get(ResourceType type, string? @namespace, string name) =>
        Bucket(type).TryGetValue(Key(type, @namespace, name), out var found) ? found : null;

    public IEnumerable<StoredObject> List(ResourceType type, string? @namespace)
    {
        var bucket = Bucket(type);
        if (!type.Namespaced || @namespace is null) return bucket.Values;
        return bucket.Values.Where(o => o.Namespace == @namespace);
    }

    /// <summary>Objects after <paramref name="afterKey"/> in key order (for paging).</summary>
    public IEnumerable<(string Key, StoredObject Object)> ListFrom(ResourceType type, string? @namespace, string? afterKey)
    {
        foreach (var (key, value) in Bucket(type))
        {
            if (afterKey is not null && string.CompareOrdinal(key, afterKey) <= 0) continue;
            if (type.Namespaced && @namespace is not null && value.Namespace != @namespace) continue;
            yield return (key, value);
        }
    }

    public long NextResourceVersion() => ++_resourceVersion;

    /// <summary>Stores <paramref name="obj"/> (which the store now owns) with a new resourceVersion, and notifies watchers.</summary>
    public StoredObject Put(ResourceType type, JsonObject obj)
    {
        var rv = NextResourceVersion();
        JsonPaths.Metadata(obj)["resourceVersion"] = rv.ToString();
        var stored = new StoredObject(type, obj, rv);
        var bucket = Bucket(type);
        var key = Key(type, stored.Namespace, stored.Name);
        bucket.TryGetValue(key, out var previous);
        bucket[key] = stored;
        Publish(new WatchEvent(rv, type.StorageKey, previous is null ? "ADDED" : "MODIFIED", previous, stored));
        return stored;
    }

    public StoredObject? Remove(ResourceType type, string? @namespace, string name)
    {
        var bucket = Bucket(type);
        var key = Key(type, @namespace, name);
        if (!bucket.Remove(key, out var previous)) return null;
        var rv = NextResourceVersion();
        var last = previous.CloneObject();
        JsonPaths.Metadata(last)["resourceVersion"] = rv.ToString();
        var final = new StoredObject(type, last, rv);
        Publish(new WatchEvent(rv, type.StorageKey, "DELETED", previous, final));
        return final;
    }

    /// <summary>Registers <paramref name="watcher"/> and queues the events after <paramref name="sinceResourceVersion"/> still in history.</summary>
    public void Subscribe(Watcher watcher, long? sinceResourceVersion)
    {
        if (sinceResourceVersion is { } since && since < _resourceVersion)
        {
            var oldest = _history.First?.Value.ResourceVersion ?? _resourceVersion + 1;
            if (since + 1 < oldest && _history.Count >= HistoryLimit) throw Api.StatusBodies.Gone(since, oldest);
            foreach (var change in _history)
            {
                if (change.ResourceVersion <= since) continue;
                if (watcher.Translate(change) is { } translated) watcher.Enqueue(translated.Type, translated.Object);
            }
        }
        _watchers.Add(watcher);
    }

    public void Unsubscribe(Watcher watcher)
    {
        _watchers.Remove(watcher);
        watcher.Complete();
    }

    public void CompleteAllWatchers()
    {
        foreach (var watcher in _watchers) watcher.Complete();
        _watchers.Clear();
    }

    public IEnumerable<StoredObject> All() => _byResource.Values.SelectMany(b => b.Values);

    private void Publish(WatchEvent change)
    {
        _history.AddLast(change);
        if (_history.Count > HistoryLimit) _history.RemoveFirst();
        foreach (var watcher in _watchers) watcher.Publish(change);
    }

    private SortedDictionary<string, StoredObject> Bucket(ResourceType type)
    {
        if (!_byResource.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _byResource[type.StorageKey] = bucket;
        }
        return bucket;
    }

    public static string Key(ResourceType type, string? @namespace, string name) =>
        type.Namespaced ? $"{@namespace}/{name}" : name;
}
