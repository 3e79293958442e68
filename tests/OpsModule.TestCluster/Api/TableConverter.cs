using System.Globalization;
using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>Server-side printing (meta.k8s.io/v1 Table) for the columns kubectl shows by default.</summary>
internal static class TableConverter
{
    public static bool Wants(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    /// <summary>Must be called under the store lock.</summary>
    public static JsonObject Convert(ResourceType type, IEnumerable<StoredObject> objects, long resourceVersion, bool includeObject, string? continueToken)
    {
        var columns = Columns(type.Kind);
        var rows = new JsonArray();
        var now = DateTimeOffset.UtcNow;
        foreach (var stored in objects)
        {
            var obj = stored.Object;
            var cells = new JsonArray(Cells(type.Kind, obj, now).ToArray());
            JsonNode rowObject = includeObject
                ? JsonPaths.ParseObject(stored.Json)
                : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]!.DeepClone(),
                };
            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = rowObject });
        }
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() };
        if (continueToken is not null) metadata["continue"] = continueToken;
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Name == "Name" ? "name" : "",
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static (string Name, string Type, int Priority)[] Columns(string kind) => kind switch
    {
        "Pod" => [("Name", "string", 0), ("Ready", "string", 0), ("Status", "string", 0), ("Restarts", "string", 0), ("Age", "string", 0), ("IP", "string", 1), ("Node", "string", 1)],
        "Deployment" => [("Name", "string", 0), ("Ready", "string", 0), ("Up-to-date", "string", 0), ("Available", "string", 0), ("Age", "string", 0), ("Images", "string", 1)],
        "ReplicaSet" => [("Name", "string", 0), ("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0), ("Age", "string", 0)],
        "Service" => [("Name", "string", 0), ("Type", "string", 0), ("Cluster-IP", "string", 0), ("External-IP", "string", 0), ("Port(s)", "string", 0), ("Age", "string", 0), ("Selector", "string", 1)],
        "Node" => [("Name", "string", 0), ("Status", "string", 0), ("Roles", "string", 0), ("Age", "string", 0), ("Version", "string", 0)],
        "Namespace" => [("Name", "string", 0), ("Status", "string", 0), ("Age", "string", 0)],
        "PodDisruptionBudget" => [("Name", "string", 0), ("Min Available", "string", 0), ("Max Unavailable", "string", 0), ("Allowed Disruptions", "integer", 0), ("Age", "string", 0)],
        _ => [("Name", "string", 0), ("Age", "string", 0)],
    };

    private static IEnumerable<JsonNode?> Cells(string kind, JsonObject obj, DateTimeOffset now)
    {
        var name = JsonPaths.Str(obj, "metadata", "name");
        var age = Age(JsonPaths.Str(obj, "metadata", "creationTimestamp"), now);
        switch (kind)
        {
            case "Pod":
                {
                    var statuses = JsonPaths.Objects(JsonPaths.Walk(obj, "status", "containerStatuses")).ToList();
                    var total = JsonPaths.Objects(JsonPaths.Walk(obj, "spec", "containers")).Count();
                    var ready = statuses.Count(s => JsonPaths.Str(s, "ready") == "true");
                    var restarts = statuses.Sum(s => JsonPaths.Long(s, "restartCount") ?? 0);
                    return [name, $"{ready}/{total}", PodStatus(obj, statuses), restarts.ToString(CultureInfo.InvariantCulture), age,
                        JsonPaths.Str(obj, "status", "podIP") ?? "<none>", JsonPaths.Str(obj, "spec", "nodeName") ?? "<none>"];
                }
            case "Deployment":
                {
                    var desired = JsonPaths.Long(obj, "spec", "replicas") ?? 0;
                    return [name, $"{JsonPaths.Long(obj, "status", "readyReplicas") ?? 0}/{desired}",
                        (JsonPaths.Long(obj, "status", "updatedReplicas") ?? 0).ToString(CultureInfo.InvariantCulture),
                        (JsonPaths.Long(obj, "status", "availableReplicas") ?? 0).ToString(CultureInfo.InvariantCulture), age,
                        string.Join(",", JsonPaths.Objects(JsonPaths.Walk(obj, "spec", "template", "spec", "containers")).Select(c => JsonPaths.Str(c, "image")))];
                }
            case "ReplicaSet":
                return [name, JsonPaths.Long(obj, "spec", "replicas") ?? 0, JsonPaths.Long(obj, "status", "replicas") ?? 0, JsonPaths.Long(obj, "status", "readyReplicas") ?? 0, age];
            case "Service":
                {
                    var ports = JsonPaths.Objects(JsonPaths.Walk(obj, "spec", "ports"))
                        .Select(p => JsonPaths.Long(p, "nodePort") is { } nodePort
                            ? $"{JsonPaths.Long(p, "port")}:{nodePort}/{JsonPaths.Str(p, "protocol")}"
                            : $"{JsonPaths.Long(p, "port")}/{JsonPaths.Str(p, "protocol")}");
                    var external = JsonPaths.Objects(JsonPaths.Walk(obj, "status", "loadBalancer", "ingress")).Select(i => JsonPaths.Str(i, "ip") ?? JsonPaths.Str(i, "hostname")).ToList();
                    var selector = JsonPaths.StringMap(JsonPaths.Walk(obj, "spec", "selector"));
                    return [name, JsonPaths.Str(obj, "spec", "type"), JsonPaths.Str(obj, "spec", "clusterIP") ?? "<none>",
                        external.Count > 0 ? string.Join(",", external) : JsonPaths.Str(obj, "spec", "type") == "LoadBalancer" ? "<pending>" : "<none>",
                        string.Join(",", ports), age, selector.Count == 0 ? "<none>" : string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}"))];
                }
            case "Node":
                {
                    var ready = JsonPaths.Objects(JsonPaths.Walk(obj, "status", "conditions")).FirstOrDefault(c => JsonPaths.Str(c, "type") == "Ready");
                    var status = JsonPaths.Str(ready, "status") == "True" ? "Ready" : "NotReady";
                    if (JsonPaths.Str(obj, "spec", "unschedulable") == "true") status += ",SchedulingDisabled";
                    return [name, status, "<none>", age, JsonPaths.Str(obj, "status", "nodeInfo", "kubeletVersion")];
                }
            case "PodDisruptionBudget":
                return [name, JsonPaths.Str(obj, "spec", "minAvailable") ?? "N/A", JsonPaths.Str(obj, "spec", "maxUnavailable") ?? "N/A",
                    JsonPaths.Long(obj, "status", "disruptionsAllowed") ?? 0, age];
            case "Namespace":
                return [name, JsonPaths.Str(obj, "status", "phase"), age];
            default:
                return [name, age];
        }
    }

    private static string PodStatus(JsonObject pod, List<JsonObject> statuses)
    {
        var reason = JsonPaths.Str(pod, "status", "reason") ?? JsonPaths.Str(pod, "status", "phase") ?? "Unknown";
        foreach (var status in statuses)
        {
            if (JsonPaths.Str(status, "state", "waiting", "reason") is { Length: > 0 } waiting) reason = waiting;
            else if (JsonPaths.Str(status, "state", "terminated", "reason") is { Length: > 0 } terminated && JsonPaths.Str(pod, "status", "reason") is null) reason = terminated;
        }
        return reason;
    }

    private static string Age(string? timestamp, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)) return "<unknown>";
        var age = now - created;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        if (age.TotalSeconds < 120) return $"{(int)age.TotalSeconds}s";
        if (age.TotalMinutes < 10) return age.Seconds == 0 ? $"{(int)age.TotalMinutes}m" : $"{(int)age.TotalMinutes}m{age.Seconds}s";
        if (age.TotalHours < 3) return $"{(int)age.TotalMinutes}m";
        if (age.TotalHours < 8) return age.Minutes == 0 ? $"{(int)age.TotalHours}h" : $"{(int)age.TotalHours}h{age.Minutes}m";
        if (age.TotalHours < 48) return $"{(int)age.TotalHours}h";
        return $"{(int)age.TotalDays}d";
    }
}
