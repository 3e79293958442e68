using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Controllers;

/// <summary>A node object like the kubelet registers it.</summary>
internal static class NodeFactory
{
    public static JsonObject Create(string name, bool ready, string cpu, string memory, int index)
    {
        var now = JsonPaths.Timestamp(DateTimeOffset.UtcNow);
        JsonObject Condition(string type, bool value, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = value ? "True" : "False",
            ["lastHeartbeatTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };
        var resources = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = "110", ["ephemeral-storage"] = "100Gi" };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = "amd64",
                },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{index}.0/24" },
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    ready
                        ? Condition("Ready", true, "KubeletReady", "kubelet is posting ready status")
                        : Condition("Ready", false, "KubeletNotReady", "container runtime network not ready: NetworkReady=false")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.0.0.{10 + index}" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.32.0",
                    ["kubeProxyVersion"] = "v1.32.0",
                    ["containerRuntimeVersion"] = "containerd://1.7.22",
                    ["kernelVersion"] = "6.1.0",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                },
            },
        };
    }
}
