using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using k8s;
using k8s.Models;

namespace OpsModule.Benchmarks;

/// <summary>
/// Profiling aid: our client fetching exactly what the kubectl sequence fetches (pods, services, endpoints, ingresses,
/// HPAs, PVCs, events; typed, concurrently, new client per run) — the fetch part of the verdict, without judging or probes.
/// </summary>
internal sealed class OurFetch(string kubeconfig, string ns)
{
    public async Task RunAsync()
    {
        using var client = new KubernetesApiClient(OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(kubeconfig));
        var ct = CancellationToken.None;
        await Task.WhenAll(
            client.ListAsync<V1Pod>(ns, null, ct),
            client.ListAsync<V1Service>(ns, null, ct),
            client.ListAsync<V1Endpoints>(ns, null, ct),
            client.ListAsync<V1Ingress>(ns, null, ct),
            client.ListAsync<V2HorizontalPodAutoscaler>(ns, null, ct),
            client.ListAsync<V1PersistentVolumeClaim>(ns, null, ct),
            client.ListAsync<Corev1Event>(ns, null, ct));
    }
}
