namespace OpsModule.TestCluster.Store;

/// <summary>
/// The objects of one resource: a dictionary for lookups and a sorted key set ("namespace/name", or "name" for cluster-scoped
/// resources) for lists in key order. A namespace's objects are one contiguous key range, so listing a namespace or
/// resuming a paged list after a continue key costs O(log n) to find the start plus the items returned.
/// </summary>
internal sealed class ResourceBucket
{
    private readonly Dictionary<string, StoredObject> _byKey = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public bool TryGet(string key, out StoredObject found) => _byKey.TryGetValue(key, out found!);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; returns what it replaced.</summary>
    public StoredObject? Set(string key, StoredObject value)
    {
        _byKey.TryGetValue(key, out var previous);
        _byKey[key] = value;
        if (previous is null) _keys.Add(key);
        return previous;
    }

    public bool Remove(string key, out StoredObject removed)
    {
        if (!_byKey.Remove(key, out removed!)) return false;
        _keys.Remove(key);
        return true;
    }

    public IEnumerable<StoredObject> Values => _keys.Select(k => _byKey[k]);

    /// <summary>Objects in key order, within <paramref name="namespace"/> when given, strictly after <paramref name="afterKey"/> when given.</summary>
    public IEnumerable<(string Key, StoredObject Object)> Range(string? @namespace, string? afterKey)
    {
        if (_keys.Count == 0) yield break;
        // '0' follows '/' in ordinal order, and names never contain '/': [ns + "/", ns + "0") is exactly the namespace.
        var lower = @namespace is null ? _keys.Min! : @namespace + "/";
        var upper = @namespace is null ? _keys.Max! : @namespace + "0";
        if (afterKey is not null && string.CompareOrdinal(afterKey + "\0", lower) > 0) lower = afterKey + "\0";
        if (string.CompareOrdinal(lower, upper) > 0) yield break;
        foreach (var key in _keys.GetViewBetween(lower, upper))
        {
            if (@namespace is not null && !key.StartsWith(@namespace + "/", StringComparison.Ordinal)) continue;
            yield return (key, _byKey[key]);
        }
    }
}
