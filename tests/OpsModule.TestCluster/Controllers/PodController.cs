using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Controllers;

/// <summary>The scheduler and the kubelets: binds pods to nodes and drives their status through the test-chosen behavior.</summary>
internal static class PodController
{
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private static readonly ResourceType Nodes = ResourceCatalog.Core("nodes");

    public static void Run(Reconciler r)
    {
        var queued = r.Queue.Take(Pods);
        if (queued.Count == 0) return;
        var nodes = r.Store.List(Nodes, null).ToList();
        var schedulable = nodes.Where(n => IsNodeSchedulable(n.Object)).ToList();
        foreach (var key in queued)
        {
            if (r.Store.GetByKey(Pods, key) is not { } pod) continue;
            if (!r.Runtime.Pods.TryGetValue(pod.Uid, out var runtime))
            {
                runtime = new PodRuntime { FirstSeen = r.Now };
                r.Runtime.Pods[pod.Uid] = runtime;
            }
            if (runtime.StatusFixedByTest) continue;
            var containers = JsonPaths.Objects(JsonPaths.Walk(pod.Object, "spec", "containers")).ToList();
            var behaviors = containers.Select(c => r.Rules.BehaviorFor(pod.Object, c)).ToList();
            var delay = behaviors.Select(b => b.ReadyDelay).FirstOrDefault(d => d is not null) ?? r.Options.PodReadyDelay;
            var startAt = runtime.FirstSeen + delay;
            var started = r.Now >= startAt;
            var stageKey = $"{string.Join(";", behaviors)}|{started}|{JsonPaths.Str(pod.Object, "spec", "nodeName")}";
            if (!started) r.WakeAt(pod, startAt);
            if (pod.ResourceVersion == runtime.LastWrittenResourceVersion && stageKey == runtime.LastStageKey) continue;

            var obj = pod.CloneObject();
            Simulate(r, obj, runtime, containers.Select(c => JsonPaths.Str(c, "name") ?? "").ToList(), behaviors, started, startAt, nodes, schedulable);
            var saved = r.Save(Pods, obj);
            runtime.LastWrittenResourceVersion = saved.ResourceVersion;
            runtime.LastStageKey = $"{string.Join(";", behaviors)}|{started}|{JsonPaths.Str(obj, "spec", "nodeName")}";
        }
    }

    public static bool IsNodeSchedulable(JsonObject node) =>
        JsonPaths.Str(node, "spec", "unschedulable") != "true"
        && JsonPaths.Objects(JsonPaths.Walk(node, "status", "conditions"))
            .Any(c => JsonPaths.Str(c, "type") == "Ready" && JsonPaths.Str(c, "status") == "True");

    private static void Simulate(Reconciler r, JsonObject pod, PodRuntime runtime, List<string> containerNames, List<PodBehavior> behaviors,
        bool started, DateTimeOffset startAt, List<StoredObject> nodes, List<StoredObject> schedulable)
    {
        var spec = JsonPaths.Child(pod, "spec");
        var podName = JsonPaths.Str(pod, "metadata", "name") ?? "";
        var ns = JsonPaths.Str(pod, "metadata", "namespace") ?? "";
        var uid = JsonPaths.Str(pod, "metadata", "uid") ?? "";
        var unschedulable = behaviors.FirstOrDefault(b => b.Failure == PodFailure.Unschedulable);
        var nodeName = JsonPaths.Str(spec, "nodeName");
        var firstSeen = JsonPaths.Timestamp(runtime.FirstSeen);
        var status = new JsonObject();
        pod["status"] = status;
        status["qosClass"] = QosClass(spec);

        if (unschedulable is null && string.IsNullOrEmpty(nodeName) && schedulable.Count == 0)
            unschedulable = new PodBehavior { Failure = PodFailure.Unschedulable, Message = $"0/{nodes.Count} nodes are available: {nodes.Count} node(s) were unschedulable." };
        if (unschedulable is not null && string.IsNullOrEmpty(nodeName))
        {
            var message = unschedulable.Message ?? "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
            status["phase"] = "Pending";
            status["conditions"] = new JsonArray(Condition("PodScheduled", false, firstSeen, "Unschedulable", message));
            Emit(r, pod, runtime, "FailedScheduling", "Warning", "FailedScheduling", message, "default-scheduler");
            return;
        }
        if (string.IsNullOrEmpty(nodeName))
        {
            nodeName = schedulable[r.Runtime.NextSchedulingIndex++ % schedulable.Count].Name;
            spec["nodeName"] = nodeName;
            Emit(r, pod, runtime, "Scheduled", "Normal", "Scheduled", $"Successfully assigned {ns}/{podName} to {nodeName}", "default-scheduler");
        }
        var node = nodes.FirstOrDefault(n => n.Name == nodeName);
        var hostIp = JsonPaths.Objects(JsonPaths.Walk(node?.Object, "status", "addresses"))
            .FirstOrDefault(a => JsonPaths.Str(a, "type") == "InternalIP") is { } address ? JsonPaths.Str(address, "address") : "10.0.0.10";
        runtime.PodIp ??= r.Runtime.NextPodIp();
        var startedAt = JsonPaths.Timestamp(startAt);

        var containerStatuses = new JsonArray();
        var unready = new List<string>();
        var evicted = (PodBehavior?)null;
        var waitingBeforeStart = false;
        var containers = JsonPaths.Objects(spec["containers"]).ToList();
        for (var i = 0; i < containers.Count; i++)
        {
            var name = containerNames[i];
            var image = JsonPaths.Str(containers[i], "image") ?? "";
            var behavior = behaviors[i];
            var containerId = $"containerd://{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(uid + name))).ToLowerInvariant()}";
            var cs = new JsonObject
            {
                ["name"] = name,
                ["image"] = image,
                ["imageID"] = "",
                ["lastState"] = new JsonObject(),
                ["restartCount"] = 0,
                ["ready"] = false,
                ["started"] = false,
            };
            if (!started)
            {
                cs["state"] = Waiting("ContainerCreating", null);
                unready.Add(name);
                containerStatuses.Add(cs);
                continue;
            }
            switch (behavior.Failure)
            {
                case PodFailure.None:
                case PodFailure.NotReady:
                case PodFailure.Unschedulable:
                case PodFailure.Restarting:
                    cs["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } };
                    cs["imageID"] = ImageId(image);
                    cs["containerID"] = containerId;
                    cs["started"] = true;
                    cs["ready"] = behavior.Failure != PodFailure.NotReady;
                    EmitStarted(r, pod, runtime, name, image);
                    if (behavior.Failure == PodFailure.Restarting)
                    {
                        cs["restartCount"] = behavior.RestartCount;
                        cs["lastState"] = new JsonObject
                        {
                            ["terminated"] = new JsonObject
                            {
                                ["exitCode"] = behavior.ExitCode, ["reason"] = "Error", ["startedAt"] = firstSeen, ["finishedAt"] = startedAt, ["containerID"] = containerId,
                            },
                        };
                    }
                    if (behavior.Failure == PodFailure.NotReady)
                    {
                        unready.Add(name);
                        Emit(r, pod, runtime, "Unhealthy/" + name, "Warning", "Unhealthy", behavior.Message ?? "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet");
                    }
                    break;
                case PodFailure.CrashLoopBackOff:
                case PodFailure.OOMKilled:
                    {
                        var oom = behavior.Failure == PodFailure.OOMKilled;
                        cs["state"] = Waiting("CrashLoopBackOff", $"back-off 5m0s restarting failed container={name} pod={podName}_{ns}({uid})");
                        cs["lastState"] = new JsonObject
                        {
                            ["terminated"] = new JsonObject
                            {
                                ["exitCode"] = oom ? 137 : behavior.ExitCode,
                                ["reason"] = oom ? "OOMKilled" : "Error",
                                ["startedAt"] = startedAt,
                                ["finishedAt"] = startedAt,
                                ["containerID"] = containerId,
                            },
                        };
                        cs["restartCount"] = behavior.RestartCount;
                        cs["imageID"] = ImageId(image);
                        cs["containerID"] = containerId;
                        unready.Add(name);
                        EmitStarted(r, pod, runtime, name, image);
                        Emit(r, pod, runtime, "BackOff/" + name, "Warning", "BackOff", $"Back-off restarting failed container {name} in pod {podName}_{ns}({uid})", "kubelet");
                        break;
                    }
                case PodFailure.ImagePullBackOff:
                case PodFailure.ErrImagePull:
                    {
                        var reason = behavior.Failure == PodFailure.ImagePullBackOff ? "ImagePullBackOff" : "ErrImagePull";
                        var pullError = behavior.Message ?? $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found";
                        cs["state"] = Waiting(reason, reason == "ImagePullBackOff" ? $"Back-off pulling image \"{image}\"" : pullError);
                        unready.Add(name);
                        waitingBeforeStart = true;
                        Emit(r, pod, runtime, "Pulling/" + name, "Normal", "Pulling", $"Pulling image \"{image}\"", "kubelet");
                        Emit(r, pod, runtime, "FailedPull/" + name, "Warning", "Failed", $"Failed to pull image \"{image}\": {pullError}", "kubelet");
                        Emit(r, pod, runtime, "Failed/" + name, "Warning", "Failed", $"Error: {reason}", "kubelet");
                        if (reason == "ImagePullBackOff")
                            Emit(r, pod, runtime, "BackOffPull/" + name, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet");
                        break;
                    }
                case PodFailure.CreateContainerConfigError:
                    {
                        var message = behavior.Message ?? "secret \"app-secret\" not found";
                        cs["state"] = Waiting("CreateContainerConfigError", message);
                        unready.Add(name);
                        waitingBeforeStart = true;
                        Emit(r, pod, runtime, "ConfigError/" + name, "Warning", "Failed", $"Error: {message}", "kubelet");
                        break;
                    }
                case PodFailure.Evicted:
                    cs["state"] = new JsonObject
                    {
                        ["terminated"] = new JsonObject
                        {
                            ["exitCode"] = 137,
                            ["reason"] = "ContainerStatusUnknown",
                            ["message"] = "The container could not be located when the pod was terminated",
                            ["startedAt"] = startedAt,
                            ["finishedAt"] = startedAt,
                        },
                    };
                    unready.Add(name);
                    evicted = behavior;
                    break;
            }
            containerStatuses.Add(cs);
        }

        string phase;
        if (evicted is not null) phase = "Failed";
        else if (!started || waitingBeforeStart) phase = "Pending";
        else phase = "Running";
        var ready = started && unready.Count == 0 && phase == "Running";
        var readyTransition = ready ? startedAt : firstSeen;
        var notReadyMessage = $"containers with unready status: [{string.Join(" ", unready)}]";
        status["phase"] = phase;
        status["conditions"] = new JsonArray(
            Condition("PodReadyToStartContainers", started, started ? startedAt : firstSeen, null, null),
            Condition("Initialized", true, firstSeen, null, null),
            Condition("Ready", ready, readyTransition, ready ? null : "ContainersNotReady", ready ? null : notReadyMessage),
            Condition("ContainersReady", ready, readyTransition, ready ? null : "ContainersNotReady", ready ? null : notReadyMessage),
            Condition("PodScheduled", true, firstSeen, null, null));
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        if (evicted is null)
        {
            status["podIP"] = runtime.PodIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = runtime.PodIp });
        }
        status["startTime"] = firstSeen;
        status["containerStatuses"] = containerStatuses;
        if (evicted is not null)
        {
            var message = evicted.Message ?? "The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi.";
            status["reason"] = "Evicted";
            status["message"] = message;
            Emit(r, pod, runtime, "Evicted", "Warning", "Evicted", message, "kubelet");
        }
    }

    private static void EmitStarted(Reconciler r, JsonObject pod, PodRuntime runtime, string container, string image)
    {
        Emit(r, pod, runtime, "Pulled/" + container, "Normal", "Pulled", $"Container image \"{image}\" already present on machine", "kubelet");
        Emit(r, pod, runtime, "Created/" + container, "Normal", "Created", $"Created container {container}", "kubelet");
        Emit(r, pod, runtime, "Started/" + container, "Normal", "Started", $"Started container {container}", "kubelet");
    }

    private static void Emit(Reconciler r, JsonObject pod, PodRuntime runtime, string onceKey, string type, string reason, string message, string component)
    {
        if (runtime.EmittedEvents.Add(onceKey)) r.RecordEvent(pod, type, reason, message, component);
    }

    private static JsonObject Waiting(string reason, string? message)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null) waiting["message"] = message;
        return new JsonObject { ["waiting"] = waiting };
    }

    private static string ImageId(string image)
    {
        var repository = image.Split('@')[0];
        var colon = repository.LastIndexOf(':');
        if (colon > repository.LastIndexOf('/')) repository = repository[..colon];
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image))).ToLowerInvariant();
        return $"{repository}@sha256:{digest}";
    }

    private static JsonObject Condition(string type, bool value, string transition, string? reason, string? message)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition,
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }

    private static string QosClass(JsonObject spec)
    {
        var containers = JsonPaths.Objects(spec["containers"]).ToList();
        var any = containers.Any(c => JsonPaths.Walk(c, "resources", "requests") is JsonObject { Count: > 0 } || JsonPaths.Walk(c, "resources", "limits") is JsonObject { Count: > 0 });
        if (!any) return "BestEffort";
        var guaranteed = containers.All(c =>
        {
            var limits = JsonPaths.Walk(c, "resources", "limits") as JsonObject;
            var requests = JsonPaths.Walk(c, "resources", "requests") as JsonObject;
            if (limits?["cpu"] is null || limits["memory"] is null) return false;
            return requests is null || (JsonNode.DeepEquals(requests["cpu"] ?? limits["cpu"], limits["cpu"]) && JsonNode.DeepEquals(requests["memory"] ?? limits["memory"], limits["memory"]));
        });
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
