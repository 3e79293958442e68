using System.Text.Json.Nodes;
using OpsModule.TestCluster.Api;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Selectors;

/// <summary>A parsed field selector (<c>metadata.name=x,status.phase!=Running</c>) limited to the fields the real server supports per kind.</summary>
internal sealed class FieldSelector
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> ByKind = new()
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["Secret"] = ["type"],
        ["Node"] = ["spec.unschedulable"],
        ["Namespace"] = ["status.phase"],
        ["ReplicaSet"] = ["status.replicas"],
        ["Job"] = ["status.successful"],
    };

    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, bool, string)>();
        if (string.IsNullOrWhiteSpace(text)) return new FieldSelector(terms);
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            string field, value;
            bool equal;
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0) { field = part[..ne]; value = part[(ne + 2)..]; equal = false; }
            else
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw StatusBodies.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
                field = part[..eq];
                value = part[(eq + 1)..].TrimStart('=');
                equal = true;
            }
            field = field.Trim();
            var allowed = Common.Contains(field) || (ByKind.TryGetValue(type.Kind, out var extra) && extra.Contains(field));
            if (!allowed) throw StatusBodies.BadRequest($"field label not supported: {field}");
            terms.Add((field, equal, value.Trim()));
        }
        return new FieldSelector(terms);
    }

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>The single metadata.name=value term if present (kubectl uses it to get one object through list+watch).</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = FieldValue(obj, field);
            if ((actual == value) != equal) return false;
        }
        return true;
    }

    private static string FieldValue(JsonObject obj, string field)
    {
        if (field == "source") return JsonPaths.Str(obj, "source", "component") ?? "";
        var node = JsonPaths.Walk(obj, field.Split('.'));
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }
}
