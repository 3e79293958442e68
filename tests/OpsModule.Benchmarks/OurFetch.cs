using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Benchmarks;

/// <summary>
/// Profiling aid: our client fetching exactly what the kubectl sequence fetches (pods, services, endpoints, ingresses,
/// HPAs, PVCs, events; typed, concurrently, new client per run) — the fetch part of the verdict, without judging or probes.
/// </summary>
internal sealed class OurFetch(string kubeconfig, string ns)
{
    public async Task RunAsync()
    {
        using var client = new KubernetesApiClient(KubernetesClientConfiguration.Load(kubeconfig));
        var ct = CancellationToken.None;
        await Task.WhenAll(
            client.ListAsync<Pod>(ns, null, ct),
            client.ListAsync<Service>(ns, null, ct),
            client.ListAsync<Endpoints>(ns, null, ct),
            client.ListAsync<Ingress>(ns, null, ct),
            client.ListAsync<HorizontalPodAutoscaler>(ns, null, ct),
            client.ListAsync<PersistentVolumeClaim>(ns, null, ct),
            client.ListAsync<Event>(ns, null, ct));
    }
}
