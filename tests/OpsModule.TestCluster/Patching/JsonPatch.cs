using System.Text.Json.Nodes;
using OpsModule.TestCluster.Api;

namespace OpsModule.TestCluster.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = JsonPaths.Str(operation, "op") ?? throw StatusBodies.BadRequest("json patch: missing op");
            var path = JsonPaths.Str(operation, "path") ?? throw StatusBodies.BadRequest("json patch: missing path");
            switch (op)
            {
                case "add":
                    Add(root, path, Value(operation));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(operation));
                    break;
                case "move":
                    {
                        var from = JsonPaths.Str(operation, "from") ?? throw StatusBodies.BadRequest("json patch: move needs from");
                        var value = Remove(root, from);
                        Add(root, path, value);
                        break;
                    }
                case "copy":
                    {
                        var from = JsonPaths.Str(operation, "from") ?? throw StatusBodies.BadRequest("json patch: copy needs from");
                        Add(root, path, Get(root, from)?.DeepClone());
                        break;
                    }
                case "test":
                    {
                        var actual = Get(root, path);
                        if (!JsonNode.DeepEquals(actual, operation["value"]))
                            throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                        break;
                    }
                default:
                    throw StatusBodies.BadRequest($"json patch: unknown op \"{op}\"");
            }
        }
        var result = root["doc"]!;
        root.Remove("doc");
        return result;
    }

    private static JsonNode? Value(JsonObject operation)
    {
        if (!operation.ContainsKey("value")) throw StatusBodies.BadRequest("json patch: missing value");
        return operation["value"]?.DeepClone();
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0) return [];
        if (path[0] != '/') throw StatusBodies.BadRequest($"json patch: invalid path \"{path}\"");
        return path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string path)
    {
        var tokens = Tokens(path);
        JsonNode current = root;
        var last = "doc";
        foreach (var token in new[] { "doc" }.Concat(tokens).SkipLast(1).Skip(0))
        {
            current = Child(current, token) ?? throw Missing(path);
        }
        last = tokens.Length == 0 ? "doc" : tokens[^1];
        return (current, last);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : null,
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        return Child(parent, last);
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode? Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Missing(path);
        }
    }

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch: path \"{path}\" does not exist");
}
