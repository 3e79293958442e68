using System.Text;
using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>What the API server fills in on create: system metadata and the defaults of the built-in types.</summary>
internal static class ObjectDefaults
{
    public static void PrepareNew(ResourceType type, JsonObject obj, ClusterRuntime runtime, DateTimeOffset now)
    {
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        var metadata = JsonPaths.Metadata(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = JsonPaths.Timestamp(now);
        if (UsesGeneration(type)) metadata["generation"] = 1;
        metadata.Remove("deletionTimestamp");
        ApplyDefaults(type, obj, runtime);
    }

    public static bool UsesGeneration(ResourceType type) => type.Group.Length > 0 && type.Group != ResourceCatalog.MetricsGroup;

    /// <summary>Everything but metadata and status: a change here bumps metadata.generation.</summary>
    public static bool SpecChanged(JsonObject before, JsonObject after)
    {
        foreach (var key in before.Select(kv => kv.Key).Union(after.Select(kv => kv.Key)))
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!JsonNode.DeepEquals(before[key], after[key])) return true;
        }
        return false;
    }

    public static void ApplyDefaults(ResourceType type, JsonObject obj, ClusterRuntime runtime)
    {
        switch (type.Kind)
        {
            case "Namespace":
                obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                JsonPaths.Child(JsonPaths.Metadata(obj), "labels")["kubernetes.io/metadata.name"] = JsonPaths.Str(obj, "metadata", "name");
                break;
            case "Service":
                DefaultService(obj, runtime);
                break;
            case "Secret":
                DefaultSecret(obj);
                break;
            case "ConfigMap":
                break;
            case "PersistentVolumeClaim":
                DefaultClaim(obj);
                break;
            case "Pod":
                if (obj["spec"] is JsonObject podSpec) DefaultPodSpec(podSpec);
                break;
            case "Deployment":
                DefaultDeployment(obj);
                break;
            case "ReplicaSet":
            case "StatefulSet":
            case "DaemonSet":
                {
                    var spec = JsonPaths.Child(obj, "spec");
                    if (type.Kind != "DaemonSet") spec["replicas"] ??= 1;
                    spec["revisionHistoryLimit"] ??= 10;
                    if (type.Kind == "StatefulSet")
                    {
                        spec["podManagementPolicy"] ??= "OrderedReady";
                        spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                    }
                    if (type.Kind == "DaemonSet")
                        spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 } };
                    if (JsonPaths.Walk(spec, "template", "spec") is JsonObject templateSpec) DefaultPodSpec(templateSpec);
                    obj["status"] ??= new JsonObject();
                    break;
                }
        }
    }

    private static void DefaultDeployment(JsonObject obj)
    {
        var spec = JsonPaths.Child(obj, "spec");
        spec["replicas"] ??= 1;
        spec["strategy"] ??= new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
        };
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        if (JsonPaths.Walk(spec, "template", "spec") is JsonObject templateSpec) DefaultPodSpec(templateSpec);
        obj["status"] ??= new JsonObject();
    }

    public static void DefaultPodSpec(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["securityContext"] ??= new JsonObject();
        spec["schedulerName"] ??= "default-scheduler";
        foreach (var container in JsonPaths.Objects(spec["containers"]))
        {
            container["resources"] ??= new JsonObject();
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            var image = JsonPaths.Str(container, "image") ?? "";
            container["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':') ? "Always" : "IfNotPresent";
            foreach (var port in JsonPaths.Objects(container["ports"])) port["protocol"] ??= "TCP";
        }
    }

    private static void DefaultService(JsonObject obj, ClusterRuntime runtime)
    {
        var spec = JsonPaths.Child(obj, "spec");
        var type = JsonPaths.Str(spec, "type") ?? "ClusterIP";
        spec["type"] = type;
        if (type != "ExternalName")
        {
            if (JsonPaths.Str(spec, "clusterIP") is not { Length: > 0 } ip)
            {
                ip = runtime.NextClusterIp();
                spec["clusterIP"] = ip;
            }
            spec["clusterIPs"] ??= new JsonArray(ip);
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
            spec["internalTrafficPolicy"] ??= "Cluster";
        }
        spec["sessionAffinity"] ??= "None";
        foreach (var port in JsonPaths.Objects(spec["ports"]))
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
            if (type is "NodePort" or "LoadBalancer") port["nodePort"] ??= runtime.NextNodePort();
        }
        if (type is "NodePort" or "LoadBalancer") spec["externalTrafficPolicy"] ??= "Cluster";
        obj["status"] ??= new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    private static void DefaultSecret(JsonObject obj)
    {
        obj["type"] ??= "Opaque";
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = JsonPaths.Child(obj, "data");
            foreach (var (key, value) in stringData)
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            obj.Remove("stringData");
        }
    }

    private static void DefaultClaim(JsonObject obj)
    {
        var spec = JsonPaths.Child(obj, "spec");
        spec["volumeMode"] ??= "Filesystem";
        if (obj["status"] is JsonObject { Count: > 0 }) return;
        // Like a cluster whose default StorageClass binds immediately.
        spec["volumeName"] ??= "pvc-" + JsonPaths.Str(obj, "metadata", "uid");
        spec["storageClassName"] ??= "standard";
        var status = new JsonObject { ["phase"] = "Bound" };
        if (JsonPaths.Walk(spec, "accessModes") is JsonArray modes) status["accessModes"] = modes.DeepClone();
        if (JsonPaths.Walk(spec, "resources", "requests") is JsonObject requests) status["capacity"] = requests.DeepClone();
        obj["status"] = status;
    }
}
