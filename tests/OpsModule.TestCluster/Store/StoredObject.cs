using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Store;

/// <summary>An object as stored. <see cref="Object"/> is never mutated after storing and is only read under the store lock;
/// <see cref="Json"/> is its serialized form, safe to write to a response outside the lock.</summary>
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
        Json = JsonPaths.Serialize(obj);
    }

    public ResourceType Type { get; }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public JsonObject CloneObject() => JsonPaths.Clone(Object);
}
