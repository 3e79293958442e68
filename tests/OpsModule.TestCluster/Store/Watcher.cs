using System.Threading.Channels;

namespace OpsModule.TestCluster.Store;

/// <summary>A subscription to the changes of one resource. Filtering and rendering happen under the store lock, at publish time.</summary>
internal sealed class Watcher
{
    private readonly Channel<(string Type, byte[] Object)> _channel =
        Channel.CreateUnbounded<(string, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<StoredObject, bool> _matches;
    private readonly Func<StoredObject, byte[]> _render;

    public Watcher(string storageKey, string? @namespace, Func<StoredObject, bool> matches, Func<StoredObject, byte[]> render)
    {
        StorageKey = storageKey;
        Namespace = @namespace;
        _matches = matches;
        _render = render;
    }

    public string StorageKey { get; }

    public string? Namespace { get; }

    public ChannelReader<(string Type, byte[] Object)> Events => _channel.Reader;

    /// <summary>Translates a change into what this watcher's client sees: an object leaving the selection is DELETED, entering is ADDED.</summary>
    public (string Type, byte[] Object)? Translate(WatchEvent change)
    {
        if (change.StorageKey != StorageKey) return null;
        if (Namespace is not null && (change.Current.Namespace ?? "") != Namespace) return null;
        if (change.Type == "DELETED") return _matches(change.Previous ?? change.Current) ? ("DELETED", _render(change.Current)) : null;
        var before = change.Previous is not null && _matches(change.Previous);
        var after = _matches(change.Current);
        if (after) return (before ? "MODIFIED" : "ADDED", _render(change.Current));
        return before ? ("DELETED", _render(change.Current)) : null;
    }

    public void Publish(WatchEvent change)
    {
        if (Translate(change) is { } translated) _channel.Writer.TryWrite(translated);
    }

    public void Enqueue(string type, byte[] obj) => _channel.Writer.TryWrite((type, obj));

    public void Complete() => _channel.Writer.TryComplete();
}
