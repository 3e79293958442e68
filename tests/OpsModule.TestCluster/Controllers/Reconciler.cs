using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>
/// Runs the simulated controllers to a fixed point. Called with the store lock held after every change,
/// so any reader sees either the state before a change or the state after all controllers reacted to it.
/// Each controller looks only at the objects queued for it (<see cref="Queue"/>, filled from the store's changes),
/// so a change costs what it touches, not a scan of the cluster.
/// </summary>
internal sealed partial class Reconciler
{
    private const int MaxPasses = 12;

    public Reconciler(ObjectStore store, ClusterRuntime runtime, BehaviorRules rules, TestClusterOptions options)
    {
        Store = store;
        Runtime = runtime;
        Rules = rules;
        Options = options;
        Events = new EventRecorder(store, runtime);
        store.Changed = OnChange;
    }

    public ObjectStore Store { get; }

    public ClusterRuntime Runtime { get; }

    public BehaviorRules Rules { get; }

    public TestClusterOptions Options { get; }

    public EventRecorder Events { get; }

    public WorkQueue Queue { get; } = new();

    public DateTimeOffset Now { get; private set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? NextWake { get; private set; }

    private int _writes;
    private int _behaviorVersion;

    public void Run()
    {
        Now = DateTimeOffset.UtcNow;
        if (Rules.BehaviorVersion != _behaviorVersion)
        {
            _behaviorVersion = Rules.BehaviorVersion;
            Queue.AddAll(Store, ResourceCatalog.Core("pods"));
        }
        Queue.AddDue(Now);
        NextWake = Run(MaxPasses) ? Queue.NextTimer : Now;
    }

    /// <summary>Returns false when the passes ran out with work left (the caller schedules another run).</summary>
    private bool Run(int maxPasses)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            _writes = 0;
            Now = DateTimeOffset.UtcNow;
            GarbageCollector.Run(this);
            DeploymentController.Run(this);
            ReplicaSetController.Run(this);
            StatefulSetController.Run(this);
            DaemonSetController.Run(this);
            PodController.Run(this);
            DisruptionController.Run(this);
            EndpointsController.Run(this);
            if (_writes == 0) return true;
        }
        return false;
    }

    /// <summary>Looks at the object again at <paramref name="at"/>.</summary>
    public void WakeAt(StoredObject obj, DateTimeOffset at) => Queue.WakeAt(obj.Type, obj.Namespace, obj.Name, at);

    /// <summary>Writes <paramref name="obj"/> unless it equals what is stored. Returns the stored object.</summary>
    public StoredObject Save(ResourceType type, JsonObject obj)
    {
        var current = Store.Get(type, JsonPaths.Str(obj, "metadata", "namespace"), JsonPaths.Str(obj, "metadata", "name") ?? "");
        if (current is not null)
        {
            JsonPaths.Metadata(obj)["resourceVersion"] = current.ResourceVersion.ToString();
            if (JsonPaths.Serialize(obj).AsSpan().SequenceEqual(current.Json)) return current;
        }
        _writes++;
        return Store.Put(type, obj);
    }

    public StoredObject Create(ResourceType type, JsonObject obj)
    {
        ObjectDefaults.PrepareNew(type, obj, Runtime, Now);
        _writes++;
        return Store.Put(type, obj);
    }

    public void Delete(ResourceType type, string? @namespace, string name)
    {
        if (Store.Remove(type, @namespace, name) is not null) _writes++;
    }

    public JsonObject RecordEvent(JsonObject involved, string type, string reason, string message, string component)
    {
        _writes++;
        return Events.Record(involved, type, reason, message, component, now: Now);
    }

    public static JsonObject OwnerReference(StoredObject owner) => new()
    {
        ["apiVersion"] = owner.Type.GroupVersion,
        ["kind"] = owner.Type.Kind,
        ["name"] = owner.Name,
        ["uid"] = owner.Uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>Objects of <paramref name="type"/> controlled by <paramref name="owner"/>, in key order.</summary>
    public List<StoredObject> Owned(StoredObject owner, ResourceType type) => Store.Dependents(owner.Uid, type);

    public static bool IsPodReady(JsonObject pod) =>
        JsonPaths.Objects(JsonPaths.Walk(pod, "status", "conditions"))
            .Any(c => JsonPaths.Str(c, "type") == "Ready" && JsonPaths.Str(c, "status") == "True");

    public static bool IsPodFailed(JsonObject pod) => JsonPaths.Str(pod, "status", "phase") is "Failed" or "Succeeded";

    /// <summary>Random suffix like the API server's generateName (consonants and digits that cannot spell words).</summary>
    public static string RandomSuffix(int length = 5) =>
        new(Enumerable.Range(0, length).Select(_ => SafeAlphabet[Random.Shared.Next(SafeAlphabet.Length)]).ToArray());

    public const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>A template hash encoded like the controllers' pod-template-hash.</summary>
    public static string TemplateHash(JsonNode? template)
    {
        var bytes = template is null ? [] : JsonPaths.Serialize(template);
        uint hash = 2166136261;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619;
        return new string(hash.ToString().Select(c => SafeAlphabet[c % SafeAlphabet.Length]).ToArray());
    }
}
