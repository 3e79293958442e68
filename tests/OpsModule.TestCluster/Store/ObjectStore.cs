using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Store;

/// <summary>
/// All objects of the cluster, behind one lock (<see cref="Sync"/>). Every method must be called with the lock held.
/// resourceVersion is one global counter, like etcd's revision. Indexes by key order (per namespace), by uid and by
/// controlling owner keep lists and the controllers' lookups proportional to what they return, not to the cluster.
/// </summary>
internal sealed class ObjectStore
{
    private const int HistoryLimit = 50_000;

    private readonly Dictionary<string, ResourceBucket> _byResource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(string StorageKey, string Key), StoredObject>> _byController = new(StringComparer.Ordinal);
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion = 1000;

    public object Sync { get; } = new();

    public long ResourceVersion => _resourceVersion;

    /// <summary>Called with every change as it is published (the controllers' work queue).</summary>
    public Action<WatchEvent>? Changed { get; set; }

    public StoredObject? Get(ResourceType type, string? @namespace, string name) =>
        Bucket(type).TryGet(Key(type, @namespace, name), out var found) ? found : null;

    /// <summary>By the key of <see cref="Key"/> ("namespace/name", or "name" when cluster-scoped).</summary>
    public StoredObject? GetByKey(ResourceType type, string key) => Bucket(type).TryGet(key, out var found) ? found : null;

    public StoredObject? GetByUid(string uid) => _byUid.GetValueOrDefault(uid);

    public IEnumerable<StoredObject> List(ResourceType type, string? @namespace)
    {
        var bucket = Bucket(type);
        if (!type.Namespaced || @namespace is null) return bucket.Values;
        return bucket.Range(@namespace, null).Select(e => e.Object);
    }

    /// <summary>Objects after <paramref name="afterKey"/> in key order (for paging).</summary>
    public IEnumerable<(string Key, StoredObject Object)> ListFrom(ResourceType type, string? @namespace, string? afterKey) =>
        Bucket(type).Range(type.Namespaced ? @namespace : null, afterKey);

    /// <summary>Objects of <paramref name="type"/> whose controlling ownerReference has <paramref name="ownerUid"/>.</summary>
    public List<StoredObject> Dependents(string ownerUid, ResourceType type) =>
        _byController.TryGetValue(ownerUid, out var dependents)
            ? dependents.Values.Where(d => d.Type.StorageKey == type.StorageKey).OrderBy(d => Key(d.Type, d.Namespace, d.Name), StringComparer.Ordinal).ToList()
            : [];

    public long NextResourceVersion() => ++_resourceVersion;

    /// <summary>Stores <paramref name="obj"/> (which the store now owns) with a new resourceVersion, and notifies watchers.</summary>
    public StoredObject Put(ResourceType type, JsonObject obj)
    {
        var rv = NextResourceVersion();
        JsonPaths.Metadata(obj)["resourceVersion"] = rv.ToString();
        var stored = new StoredObject(type, obj, rv);
        var key = Key(type, stored.Namespace, stored.Name);
        var previous = Bucket(type).Set(key, stored);
        Unindex(previous, key);
        Index(stored, key);
        Publish(new WatchEvent(rv, type.StorageKey, previous is null ? "ADDED" : "MODIFIED", previous, stored));
        return stored;
    }

    public StoredObject? Remove(ResourceType type, string? @namespace, string name)
    {
        var bucket = Bucket(type);
        var key = Key(type, @namespace, name);
        if (!bucket.Remove(key, out var previous)) return null;
        Unindex(previous, key);
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

    /// <summary>Every object of every resource in <paramref name="namespace"/>.</summary>
    public IEnumerable<StoredObject> InNamespace(string @namespace) =>
        _byResource.Values.SelectMany(b => b.Range(@namespace, null).Select(e => e.Object));

    private void Publish(WatchEvent change)
    {
        _history.AddLast(change);
        if (_history.Count > HistoryLimit) _history.RemoveFirst();
        foreach (var watcher in _watchers) watcher.Publish(change);
        Changed?.Invoke(change);
    }

    private void Index(StoredObject stored, string key)
    {
        if (stored.Uid.Length > 0) _byUid[stored.Uid] = stored;
        if (stored.ControllerUid is not { } owner) return;
        if (!_byController.TryGetValue(owner, out var dependents)) _byController[owner] = dependents = [];
        dependents[(stored.Type.StorageKey, key)] = stored;
    }

    private void Unindex(StoredObject? previous, string key)
    {
        if (previous is null) return;
        if (_byUid.TryGetValue(previous.Uid, out var indexed) && indexed == previous) _byUid.Remove(previous.Uid);
        if (previous.ControllerUid is { } owner && _byController.TryGetValue(owner, out var dependents))
        {
            dependents.Remove((previous.Type.StorageKey, key));
            if (dependents.Count == 0) _byController.Remove(owner);
        }
    }

    private ResourceBucket Bucket(ResourceType type)
    {
        if (!_byResource.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new ResourceBucket();
            _byResource[type.StorageKey] = bucket;
        }
        return bucket;
    }

    public static string Key(ResourceType type, string? @namespace, string name) =>
        type.Namespaced ? $"{@namespace}/{name}" : name;
}
