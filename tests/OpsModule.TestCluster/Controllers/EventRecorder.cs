using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Creates core/v1 Events like client-go's recorder: repeats of the same reason+message bump count and lastTimestamp.</summary>
internal sealed class EventRecorder
{
    private static readonly ResourceType EventType = ResourceCatalog.Core("events");
    private readonly ObjectStore _store;
    private readonly ClusterRuntime _runtime;

    public EventRecorder(ObjectStore store, ClusterRuntime runtime)
    {
        _store = store;
        _runtime = runtime;
    }

    public JsonObject Record(JsonObject involved, string type, string reason, string message, string component, int count = 1, DateTimeOffset? now = null)
    {
        var time = JsonPaths.Timestamp(now ?? DateTimeOffset.UtcNow);
        var uid = JsonPaths.Str(involved, "metadata", "uid") ?? "";
        var key = $"{uid}|{reason}|{message}";
        if (_runtime.Events.TryGetValue(key, out var existingName)
            && _store.Get(EventType, existingName.Namespace, existingName.Name) is { } existing)
        {
            var updated = existing.CloneObject();
            updated["count"] = (JsonPaths.Long(updated, "count") ?? 1) + count;
            updated["lastTimestamp"] = time;
            return JsonPaths.Clone(_store.Put(EventType, updated).Object);
        }
        var involvedNamespace = JsonPaths.Str(involved, "metadata", "namespace");
        var ns = involvedNamespace ?? "default";
        var name = $"{JsonPaths.Str(involved, "metadata", "name")}.{Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16].ToLowerInvariant()}";
        var involvedObject = new JsonObject
        {
            ["kind"] = JsonPaths.Str(involved, "kind"),
            ["namespace"] = involvedNamespace,
            ["name"] = JsonPaths.Str(involved, "metadata", "name"),
            ["uid"] = uid,
            ["apiVersion"] = JsonPaths.Str(involved, "apiVersion"),
        };
        if (involvedNamespace is null) involvedObject.Remove("namespace");
        var evt = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = time,
            },
            ["involvedObject"] = involvedObject,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = time,
            ["lastTimestamp"] = time,
            ["count"] = count,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        };
        _runtime.Events[key] = (ns, name);
        return JsonPaths.Clone(_store.Put(EventType, evt).Object);
    }
}
