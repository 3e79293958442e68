using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsModule.TestCluster;

/// <summary>Small helpers for reading and building Kubernetes objects as <see cref="JsonNode"/>.</summary>
internal static class JsonPaths
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string? Str(JsonNode? node, params string[] path)
    {
        var value = Walk(node, path);
        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value is JsonValue other ? other.ToJsonString() : null;
    }

    public static long? Long(JsonNode? node, params string[] path)
    {
        var value = Walk(node, path);
        if (value is not JsonValue v) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d)) return (long)d;
        return null;
    }

    public static JsonNode? Walk(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }

    /// <summary>Gets the child object, creating it (and replacing a non-object) when needed.</summary>
    public static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static JsonObject Metadata(JsonObject obj) => Child(obj, "metadata");

    public static IReadOnlyDictionary<string, string> Labels(JsonNode? obj, params string[] pathToLabels)
    {
        return StringMap(Walk(obj, pathToLabels.Length == 0 ? ["metadata", "labels"] : pathToLabels));
    }

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? map)
    {
        var node = map as JsonObject;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return result;
        foreach (var (k, v) in node)
        {
            if (v is JsonValue value && value.TryGetValue<string>(out var s)) result[k] = s;
        }
        return result;
    }

    public static JsonObject ToObject(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map) obj[k] = v;
        return obj;
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    public static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    public static JsonObject ParseObject(ReadOnlySpan<byte> json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new JsonException("expected a JSON object");

    public static JsonArray Array(JsonObject parent, string key)
    {
        if (parent[key] is JsonArray existing) return existing;
        var created = new JsonArray();
        parent[key] = created;
        return created;
    }

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];
}
