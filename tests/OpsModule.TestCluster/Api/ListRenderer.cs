using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>Builds list responses (selectors, limit/continue paging) from pre-serialized objects.</summary>
internal static class ListRenderer
{
    /// <summary>Serialized form of <paramref name="stored"/> as seen through <paramref name="type"/> (fixes apiVersion for multi-version resources).</summary>
    public static byte[] Render(StoredObject stored, ResourceType type)
    {
        if (JsonPaths.Str(stored.Object, "apiVersion") == type.GroupVersion) return stored.Json;
        var clone = stored.CloneObject();
        clone["apiVersion"] = type.GroupVersion;
        return JsonPaths.Serialize(clone);
    }

    /// <summary>Must be called under the store lock.</summary>
    public static byte[] RenderList(ObjectStore store, ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        var afterKey = DecodeContinue(continueToken);
        var items = new List<byte[]>();
        string? lastKey = null;
        var remaining = 0;
        foreach (var (key, obj) in store.ListFrom(type, ns, afterKey))
        {
            if (!labels.Matches(obj.Labels) || (!fields.IsEmpty && !fields.Matches(obj.Object))) continue;
            if (limit > 0 && items.Count >= limit)
            {
                remaining++;
                continue;
            }
            items.Add(Render(obj, type));
            lastKey = key;
        }
        var buffer = new ArrayBufferWriter<byte>(items.Sum(i => i.Length + 1) + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", type.Kind + "List");
            writer.WriteString("apiVersion", type.GroupVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", store.ResourceVersion.ToString());
            if (remaining > 0 && lastKey is not null)
            {
                writer.WriteString("continue", EncodeContinue(store.ResourceVersion, lastKey));
                writer.WriteNumber("remainingItemCount", remaining);
            }
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in items) writer.WriteRawValue(item, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string EncodeContinue(long resourceVersion, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey + "\u0000" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string? DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64));
            var start = JsonPaths.Str(json, "start") ?? throw new FormatException();
            return start.TrimEnd('\u0000');
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw StatusBodies.BadRequest("continue key is not valid: illegal base64 data or malformed JSON");
        }
    }
}
