using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsModule.TestCluster.Api;
using OpsModule.TestCluster.Controllers;
using OpsModule.TestCluster.Patching;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster;

/// <summary>
/// The API server's storage semantics (create/update/patch/delete/scale/status) plus the controllers, behind one lock.
/// Every mutation runs the controllers to a fixed point before the lock is released.
/// </summary>
internal sealed partial class ClusterEngine : IDisposable
{
    private readonly Timer _timer;
    private bool _disposed;

    public ClusterEngine(TestClusterOptions options)
    {
        Options = options;
        Store = new ObjectStore();
        Runtime = new ClusterRuntime();
        Rules = new BehaviorRules();
        Reconciler = new Reconciler(Store, Runtime, Rules, options);
        _timer = new Timer(_ => OnTimer());
        lock (Store.Sync)
        {
            foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
                CreateLocked(ResourceCatalog.Core("namespaces"), null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, fromApi: false);
            CreateLocked(ResourceCatalog.Core("nodes"), null, NodeFactory.Create("node-1", true, "4", "16Gi", 0), fromApi: false);
            ReconcileLocked();
        }
    }

    public TestClusterOptions Options { get; }

    public ObjectStore Store { get; }

    public ClusterRuntime Runtime { get; }

    public BehaviorRules Rules { get; }

    public Reconciler Reconciler { get; }

    public volatile bool MetricsAvailable = true;

    /// <summary>Runs <paramref name="action"/> under the lock, then the controllers.</summary>
    public T Mutate<T>(Func<T> action)
    {
        lock (Store.Sync)
        {
            var result = action();
            ReconcileLocked();
            return result;
        }
    }

    public T Read<T>(Func<T> action)
    {
        lock (Store.Sync) return action();
    }

    public void ReconcileLocked()
    {
        Reconciler.Run();
        if (_disposed) return;
        if (Reconciler.NextWake is { } wake)
        {
            var delay = wake - DateTimeOffset.UtcNow;
            if (delay < TimeSpan.FromMilliseconds(5)) delay = TimeSpan.FromMilliseconds(5);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        lock (Store.Sync)
        {
            if (!_disposed) ReconcileLocked();
        }
    }

    public void Dispose()
    {
        lock (Store.Sync)
        {
            _disposed = true;
            _timer.Dispose();
            Store.CompleteAllWatchers();
        }
    }

    public StoredObject GetOrThrow(ResourceType type, string? ns, string name) =>
        Store.Get(type, ns, name) ?? throw StatusBodies.NotFound(type, name);

    public StoredObject CreateLocked(ResourceType type, string? urlNamespace, JsonObject obj, bool fromApi)
    {
        var metadata = JsonPaths.Metadata(obj);
        var ns = ResolveNamespace(type, urlNamespace, obj);
        var name = JsonPaths.Str(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            var generateName = JsonPaths.Str(metadata, "generateName");
            if (string.IsNullOrEmpty(generateName))
                throw StatusBodies.Invalid(type, "", "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
            name = generateName + Reconciler.RandomSuffix();
            metadata["name"] = name;
        }
        ValidateName(type, name);
        if (ns is not null && Store.Get(ResourceCatalog.Core("namespaces"), null, ns) is null)
        {
            if (fromApi) throw StatusBodies.NamespaceNotFound(ns);
            CreateLocked(ResourceCatalog.Core("namespaces"), null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, false);
        }
        if (Store.Get(type, ns, name) is not null) throw StatusBodies.AlreadyExists(type, name);
        Validate(type, obj, name);
        if (fromApi && type.HasSubresource("status") && type.Kind is not ("Node" or "Namespace")) obj.Remove("status");
        metadata.Remove("resourceVersion");
        ObjectDefaults.PrepareNew(type, obj, Runtime, DateTimeOffset.UtcNow);
        return Store.Put(type, obj);
    }

    /// <summary>PUT semantics: optimistic concurrency on metadata.resourceVersion; status is kept when the type has a status subresource.</summary>
    public StoredObject ReplaceLocked(ResourceType type, string? urlNamespace, string name, JsonObject obj, bool fromApi)
    {
        var current = GetOrThrow(type, urlNamespace, name);
        var bodyName = JsonPaths.Str(obj, "metadata", "name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
            throw StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        ResolveNamespace(type, urlNamespace, obj);
        var requestedVersion = JsonPaths.Str(obj, "metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != current.ResourceVersion.ToString())
            throw StatusBodies.Conflict(type, name);
        Validate(type, obj, name);
        var metadata = JsonPaths.Metadata(obj);
        metadata["name"] = name;
        if (type.Namespaced) metadata["namespace"] = urlNamespace;
        metadata["uid"] = current.Uid;
        metadata["creationTimestamp"] = JsonPaths.Str(current.Object, "metadata", "creationTimestamp");
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        if ((fromApi && type.HasSubresource("status")) || obj["status"] is null)
        {
            if (current.Object["status"] is { } status) obj["status"] = status.DeepClone();
            else obj.Remove("status");
        }
        if (type.Kind == "Service") KeepClusterIp(current.Object, obj);
        if (ObjectDefaults.UsesGeneration(type))
        {
            var generation = JsonPaths.Long(current.Object, "metadata", "generation") ?? 1;
            metadata["generation"] = ObjectDefaults.SpecChanged(current.Object, obj) ? generation + 1 : generation;
        }
        ObjectDefaults.ApplyDefaults(type, obj, Runtime);
        return Store.Put(type, obj);
    }

    public StoredObject PatchLocked(ResourceType type, string? ns, string name, string contentType, byte[] body, string? subresource)
    {
        var current = GetOrThrow(type, ns, name);
        var target = subresource == "scale" ? ScaleOf(current) : current.CloneObject();
        var patched = ApplyPatch(type, target, contentType, body);
        var patchedVersion = JsonPaths.Str(patched, "metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(patchedVersion) && patchedVersion != current.ResourceVersion.ToString())
            throw StatusBodies.Conflict(type, name);
        return subresource switch
        {
            "scale" => SetReplicasLocked(type, current, patched),
            "status" => ReplaceStatusLocked(type, current, patched),
            _ => ReplaceLocked(type, ns, name, patched, fromApi: true),
        };
    }

    private static JsonObject ApplyPatch(ResourceType type, JsonObject target, string contentType, byte[] body)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw StatusBodies.BadRequest($"error decoding patch: {e.Message}");
        }
        JsonNode? result = mediaType switch
        {
            "application/merge-patch+json" => MergePatch.Apply(target, patch),
            "application/strategic-merge-patch+json" when IsCustomResource(type) => throw StatusBodies.UnsupportedMediaType(mediaType),
            "application/strategic-merge-patch+json" => patch is JsonObject sp
                ? StrategicMergePatch.Apply(target, sp, type.Kind)
                : throw StatusBodies.BadRequest("strategic merge patch must be a JSON object"),
            "application/json-patch+json" => patch is JsonArray ops
                ? JsonPatch.Apply(target, ops)
                : throw StatusBodies.BadRequest("json patch must be a JSON array of operations"),
            _ => throw StatusBodies.UnsupportedMediaType(mediaType),
        };
        return result as JsonObject ?? throw StatusBodies.BadRequest("the patch result is not an object");
    }

    private static bool IsCustomResource(ResourceType type) => type.Group.EndsWith(".istio.io", StringComparison.Ordinal);

    public StoredObject ReplaceStatusLocked(ResourceType type, StoredObject current, JsonObject body)
    {
        var requestedVersion = JsonPaths.Str(body, "metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != current.ResourceVersion.ToString())
            throw StatusBodies.Conflict(type, current.Name);
        var updated = current.CloneObject();
        if (body["status"] is { } status) updated["status"] = status.DeepClone();
        else updated.Remove("status");
        return Store.Put(type, updated);
    }

    public StoredObject DeleteLocked(ResourceType type, string? ns, string name, JsonObject? options)
    {
        var current = GetOrThrow(type, ns, name);
        if (JsonPaths.Str(options, "preconditions", "resourceVersion") is { Length: > 0 } rv && rv != current.ResourceVersion.ToString())
            throw StatusBodies.Conflict(type, name);
        if (JsonPaths.Str(options, "preconditions", "uid") is { Length: > 0 } uid && uid != current.Uid)
            throw StatusBodies.Conflict(type, name);
        var final = Store.Remove(type, ns, name)!;
        var shown = final.CloneObject();
        JsonPaths.Metadata(shown)["deletionTimestamp"] = JsonPaths.Timestamp(DateTimeOffset.UtcNow);
        if (type.Kind == "Pod") JsonPaths.Metadata(shown)["deletionGracePeriodSeconds"] = 0;
        if (type.Kind == "Namespace") JsonPaths.Child(shown, "status")["phase"] = "Terminating";
        return new StoredObject(type, shown, final.ResourceVersion);
    }

    /// <summary>The autoscaling/v1 Scale view of a deployment/replicaset/statefulset.</summary>
    public static JsonObject ScaleOf(StoredObject o) => new()
    {
        ["kind"] = "Scale",
        ["apiVersion"] = "autoscaling/v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = o.Name,
            ["namespace"] = o.Namespace,
            ["uid"] = o.Uid,
            ["resourceVersion"] = o.ResourceVersion.ToString(),
            ["creationTimestamp"] = JsonPaths.Str(o.Object, "metadata", "creationTimestamp"),
        },
        ["spec"] = new JsonObject { ["replicas"] = JsonPaths.Long(o.Object, "spec", "replicas") ?? 0 },
        ["status"] = new JsonObject
        {
            ["replicas"] = JsonPaths.Long(o.Object, "status", "replicas") ?? 0,
            ["selector"] = LabelSelector.FromObject(JsonPaths.Walk(o.Object, "spec", "selector")).ToString(),
        },
    };

    public StoredObject SetReplicasLocked(ResourceType type, StoredObject current, JsonObject scale)
    {
        var requestedVersion = JsonPaths.Str(scale, "metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != current.ResourceVersion.ToString())
            throw StatusBodies.Conflict(type, current.Name);
        var replicas = JsonPaths.Long(scale, "spec", "replicas") ?? 0;
        if (replicas < 0)
            throw StatusBodies.Invalid(type, current.Name, "spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0");
        var updated = current.CloneObject();
        JsonPaths.Child(updated, "spec")["replicas"] = replicas;
        if (replicas != (JsonPaths.Long(current.Object, "spec", "replicas") ?? 0))
            JsonPaths.Metadata(updated)["generation"] = (JsonPaths.Long(current.Object, "metadata", "generation") ?? 1) + 1;
        return Store.Put(type, updated);
    }

    private static string? ResolveNamespace(ResourceType type, string? urlNamespace, JsonObject obj)
    {
        var metadata = JsonPaths.Metadata(obj);
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return null;
        }
        var bodyNamespace = JsonPaths.Str(metadata, "namespace");
        if (!string.IsNullOrEmpty(bodyNamespace) && urlNamespace is not null && bodyNamespace != urlNamespace)
            throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        var ns = urlNamespace ?? (string.IsNullOrEmpty(bodyNamespace) ? "default" : bodyNamespace);
        metadata["namespace"] = ns;
        return ns;
    }

    private static void ValidateName(ResourceType type, string name)
    {
        if (name.Length > 253 || !NamePattern().IsMatch(name))
            throw StatusBodies.Invalid(type, name, "metadata.name", "FieldValueInvalid",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    private static void Validate(ResourceType type, JsonObject obj, string name)
    {
        switch (type.Kind)
        {
            case "Pod" when JsonPaths.Walk(obj, "spec", "containers") is not JsonArray { Count: > 0 }:
                throw StatusBodies.Invalid(type, name, "spec.containers", "FieldValueRequired", "Required value");
            case "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet":
                {
                    var selectorNode = JsonPaths.Walk(obj, "spec", "selector");
                    if (selectorNode is not JsonObject { Count: > 0 })
                        throw StatusBodies.Invalid(type, name, "spec.selector", "FieldValueRequired", "Required value");
                    var labels = JsonPaths.Labels(obj, "spec", "template", "metadata", "labels");
                    if (!LabelSelector.FromObject(selectorNode).Matches(labels))
                        throw StatusBodies.Invalid(type, name, "spec.template.metadata.labels", "FieldValueInvalid",
                            $"Invalid value: map[string]string{{{string.Join(", ", labels.Select(kv => $"\"{kv.Key}\":\"{kv.Value}\""))}}}: `selector` does not match template `labels`");
                    if (JsonPaths.Walk(obj, "spec", "template", "spec", "containers") is not JsonArray { Count: > 0 })
                        throw StatusBodies.Invalid(type, name, "spec.template.spec.containers", "FieldValueRequired", "Required value");
                    if (JsonPaths.Long(obj, "spec", "replicas") is < 0)
                        throw StatusBodies.Invalid(type, name, "spec.replicas", "FieldValueInvalid", "Invalid value: must be greater than or equal to 0");
                    break;
                }
        }
    }

    private static void KeepClusterIp(JsonObject current, JsonObject updated)
    {
        var spec = JsonPaths.Child(updated, "spec");
        if (string.IsNullOrEmpty(JsonPaths.Str(spec, "clusterIP")))
        {
            spec["clusterIP"] = JsonPaths.Walk(current, "spec", "clusterIP")?.DeepClone();
            spec["clusterIPs"] = JsonPaths.Walk(current, "spec", "clusterIPs")?.DeepClone();
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NamePattern();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
