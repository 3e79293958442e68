using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Repair;

/// <summary>Finds the controller that would replace a pod (through its ReplicaSet to the Deployment), and reads workloads by kind and name.</summary>
internal sealed class WorkloadResolver(IKubernetesApi api)
{
    /// <summary>The pod's replacing controller; null for a bare pod or one owned by something that does not replace pods (a Job, a node).</summary>
    public async Task<RepairWorkload?> OwnerOfAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var owner = Controller(pod.Metadata);
        var ns = pod.Metadata.NamespaceProperty;
        switch (owner?.Kind)
        {
            case "ReplicaSet":
                var replicaSet = await api.GetAsync<V1ReplicaSet>(ns, owner.Name, cancellationToken);
                return Controller(replicaSet.Metadata) is { Kind: "Deployment" } deployment
                    ? RepairWorkload.From(await api.GetAsync<V1Deployment>(ns, deployment.Name, cancellationToken))
                    : RepairWorkload.From(replicaSet);
            case "StatefulSet":
            case "DaemonSet":
                return await GetAsync(owner.Kind, ns, owner.Name, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>Reads a Deployment, StatefulSet or DaemonSet; null for another kind.</summary>
    public async Task<RepairWorkload?> GetAsync(string kind, string @namespace, string name, CancellationToken cancellationToken) => kind switch
    {
        "Deployment" => RepairWorkload.From(await api.GetAsync<V1Deployment>(@namespace, name, cancellationToken)),
        "StatefulSet" => RepairWorkload.From(await api.GetAsync<V1StatefulSet>(@namespace, name, cancellationToken)),
        "DaemonSet" => RepairWorkload.From(await api.GetAsync<V1DaemonSet>(@namespace, name, cancellationToken)),
        _ => null,
    };

    public static string? OwnerKind(V1Pod pod) => Controller(pod.Metadata)?.Kind;

    private static V1OwnerReference? Controller(V1ObjectMeta metadata) => metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
}
