using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Store;

/// <summary>An object as stored. <see cref="Object"/> is never mutated after storing and is only read under the store lock;
/// <see cref="Json"/> is its serialized form, safe to write to a response outside the lock. What the controllers and
/// selectors read on every pass (labels, controlling owner) is parsed once here.</summary>
internal sealed class StoredObject
{
    public StoredObject(ResourceType type, JsonObject obj, long resourceVersion)
    {
        Type = type;
        Object = obj;
        ResourceVersion = resourceVersion;
        Namespace = JsonPaths.Str(obj, "metadata", "namespace");
        Name = JsonPaths.Str(obj, "metadata", "name") ?? "";
        Uid = JsonPaths.Str(obj, "metadata", "uid") ?? "";
        Labels = JsonPaths.Labels(obj);
        ControllerUid = FindControllerUid(obj);
        Json = JsonPaths.Serialize(obj);
    }

    public ResourceType Type { get; }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The uid of the ownerReference marked <c>controller: true</c>, if any.</summary>
    public string? ControllerUid { get; }

    public JsonObject CloneObject() => JsonPaths.Clone(Object);

    public static string? FindControllerUid(JsonObject obj) =>
        JsonPaths.Objects(JsonPaths.Walk(obj, "metadata", "ownerReferences"))
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c) is { } owner
            ? JsonPaths.Str(owner, "uid")
            : null;
}
