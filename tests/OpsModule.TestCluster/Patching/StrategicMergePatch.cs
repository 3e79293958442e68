using System.Text.Json.Nodes;
using OpsModule.TestCluster.Api;

namespace OpsModule.TestCluster.Patching;

/// <summary>
/// Strategic merge patch for the built-in types: maps merge, lists with a known merge key merge by that key
/// (containers/env/volumes by name, container ports by containerPort, service ports by port, conditions by type),
/// other lists are replaced; supports <c>$patch: delete|replace</c> and ignores <c>$setElementOrder</c>/<c>$retainKeys</c>.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new()
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    public static JsonObject Apply(JsonObject target, JsonObject patch, string kind) =>
        (JsonObject)MergeObject((JsonObject)target.DeepClone(), patch, kind, "");

    private static JsonNode MergeObject(JsonObject target, JsonObject patch, string kind, string path)
    {
        if (JsonPaths.Str(patch, "$patch") == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$')) continue;
            if (value is null) { target.Remove(key); continue; }
            var childPath = path + "/" + key;
            var existing = target[key];
            if (value is JsonObject childPatch)
            {
                if (JsonPaths.Str(childPatch, "$patch") == "delete") { target.Remove(key); continue; }
                target[key] = existing is JsonObject existingObject
                    ? MergeObject(existingObject, childPatch, kind, childPath)
                    : Strip((JsonObject)childPatch.DeepClone());
            }
            else if (value is JsonArray childArray && existing is JsonArray existingArray && MergeKey(key, kind, path) is { } mergeKey)
            {
                target[key] = MergeList(existingArray, childArray, mergeKey, kind, childPath);
            }
            else
            {
                target[key] = value is JsonObject o ? Strip((JsonObject)o.DeepClone()) : value.DeepClone();
            }
        }
        return target;
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, string mergeKey, string kind, string path)
    {
        if (patch.OfType<JsonObject>().Any(p => JsonPaths.Str(p, "$patch") == "replace"))
            return new JsonArray(patch.OfType<JsonObject>().Where(p => JsonPaths.Str(p, "$patch") != "replace").Select(p => (JsonNode)Strip((JsonObject)p.DeepClone())).ToArray());
        var result = new JsonArray(existing.Select(e => e?.DeepClone()).ToArray());
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw StatusBodies.BadRequest($"strategic merge patch: list items at {path} must be objects");
            }
            var keyValue = patchItem[mergeKey]?.ToJsonString();
            var match = result.OfType<JsonObject>().FirstOrDefault(e => e[mergeKey]?.ToJsonString() == keyValue);
            if (JsonPaths.Str(patchItem, "$patch") == "delete")
            {
                if (match is not null) result.Remove(match);
                continue;
            }
            if (match is null) result.Add(Strip((JsonObject)patchItem.DeepClone()));
            else
            {
                var index = result.IndexOf(match);
                result[index] = MergeObject((JsonObject)match.DeepClone(), patchItem, kind, path);
            }
        }
        return result;
    }

    private static string? MergeKey(string key, string kind, string parentPath)
    {
        if (key == "ports") return kind == "Service" && parentPath == "/spec" ? "port" : "containerPort";
        return MergeKeys.GetValueOrDefault(key);
    }

    private static JsonObject Strip(JsonObject obj)
    {
        foreach (var key in obj.Select(kv => kv.Key).Where(k => k.StartsWith('$')).ToList()) obj.Remove(key);
        return obj;
    }
}
