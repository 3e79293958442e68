using System.Globalization;
using System.Net;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>
/// HTTP probes through the API server's service proxy (or, per pod, its pod proxy): the runbooks' curl of /health, /ready, /startup.
/// Paths come from -HttpPath, else from the httpGet probes the containers declare. Probes run concurrently with a bound.
/// </summary>
internal sealed class HttpCheck : INamespaceHealthCheck
{
    public HealthCheck Check => HealthCheck.Http;

    public SnapshotParts Needs => SnapshotParts.Services | SnapshotParts.Pods;

    public async ValueTask<IReadOnlyList<OpsHealthResult>> EvaluateAsync(NamespaceSnapshot snapshot, HealthCheckContext context, CancellationToken cancellationToken) =>
        await new Probes(context.Api, context.Options).EvaluateAsync(snapshot, cancellationToken);

    private sealed class Probes(IKubernetesApi api, HealthOptions options)
    {
        public async Task<IReadOnlyList<OpsHealthResult>> EvaluateAsync(NamespaceSnapshot snapshot, CancellationToken cancellationToken)
        {
            var probes = PlanProbes(snapshot).ToList();
            using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentProbes));
            var results = await Task.WhenAll(probes.Select(async probe =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await ProbeAsync(probe, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
            return results;
        }

        private IEnumerable<Probe> PlanProbes(NamespaceSnapshot snapshot)
        {
            foreach (var service in snapshot.Services)
            {
                if (service.Spec.Selector is not { Count: > 0 } labels || service.Spec.Ports is not { Count: > 0 } ports)
                {
                    continue;
                }

                var pods = snapshot.PodIndex.Select(labels);
                var containers = pods.SelectMany(p => p.Spec.Containers).ToList();
                var targets = options.HttpPaths.Count > 0
                    ? options.HttpPaths.Select(path => (Path: path, Port: (IntOrString?)null)).ToList()
                    : containers
                        .SelectMany(c => new[] { c.LivenessProbe, c.ReadinessProbe, c.StartupProbe })
                        .Select(p => p?.HttpGet)
                        .OfType<V1HTTPGetAction>()
                        .Select(h => (Path: h.Path ?? "/", Port: (IntOrString?)h.Port))
                        .DistinctBy(t => t.Path)
                        .ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                foreach (var (path, port) in targets)
                {
                    if (options.PerPod)
                    {
                        foreach (var pod in pods.Where(p => p.Status.Phase == "Running"))
                        {
                            yield return new Probe(ProxyTarget.Pod, snapshot.Namespace, pod.Name(), "Pod", port is { } probePort ? PodPorts.Resolve(pod, probePort) : PodPorts.Resolve(pod, ports[0]), path);
                        }
                    }
                    else
                    {
                        yield return new Probe(ProxyTarget.Service, snapshot.Namespace, service.Name(), "Service", ServicePort(ports, port), path);
                    }
                }
            }
        }

        private async Task<OpsHealthResult> ProbeAsync(Probe probe, CancellationToken cancellationToken)
        {
            var where = probe.Target == ProxyTarget.Service ? $"svc/{probe.Name}" : $"pod/{probe.Name}";
            var remediation = $"Reproduce it: kubectl port-forward {where} 8080:{probe.Port ?? "80"} -n {probe.Namespace}; curl http://localhost:8080{probe.Path}; then read the app's logs.";
            try
            {
                var response = await api.ProxyGetAsync(probe.Target, probe.Namespace, probe.Name, probe.Port, probe.Path, options.HttpTimeout, cancellationToken);
                var observed = $"{(int)response.StatusCode} in {response.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
                if (response.IsSuccess)
                {
                    return HealthFinding.Healthy(HealthCheck.Http, HealthCodes.Http.HttpEndpointHealthy, probe.Namespace, probe.Kind, probe.Name, $"GET {probe.Path} answered {observed}.", observed);
                }

                var status = (int)response.StatusCode >= 500 ? HealthStatus.Critical : HealthStatus.Warning;
                var origin = response.IsApiServerError ? "the API server proxy" : "the application";
                return HealthFinding.Problem(status, HealthCheck.Http, HealthCodes.Http.HttpEndpointFailing, probe.Namespace, probe.Kind, probe.Name,
                    $"GET {probe.Path} answered {(int)response.StatusCode} {response.StatusCode} from {origin}.", remediation, observed, "2xx");
            }
            catch (KubernetesApiException e) when (e.InnerException is TimeoutException)
            {
                return HealthFinding.Problem(HealthStatus.Critical, HealthCheck.Http, HealthCodes.Http.HttpEndpointTimeout, probe.Namespace, probe.Kind, probe.Name,
                    $"GET {probe.Path} did not answer within {options.HttpTimeout.TotalSeconds:0.#} s.", remediation,
                    $"> {options.HttpTimeout.TotalMilliseconds:0} ms", $"{options.HttpTimeout.TotalMilliseconds:0} ms");
            }
            catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.Forbidden)
            {
                return HealthFinding.Problem(HealthStatus.Unknown, HealthCheck.Http, HealthCodes.Http.HttpProbeForbidden, probe.Namespace, probe.Kind, probe.Name,
                    $"Not allowed to use the API server proxy for {where}: {e.Message}",
                    "Grant get on services/proxy and pods/proxy, or skip the check with -Check excluding Http.");
            }
        }

        private static string? ServicePort(IList<V1ServicePort> ports, IntOrString? probePort)
        {
            var match = probePort is { } target
                ? ports.FirstOrDefault(p => (p.TargetPort?.Value ?? p.Port.ToString(CultureInfo.InvariantCulture)) == target.Value || target.AsNumber() == p.Port)
                : null;
            var port = match ?? ports[0];
            return port.Name is { Length: > 0 } name ? name : port.Port.ToString(CultureInfo.InvariantCulture);
        }

        private sealed record Probe(ProxyTarget Target, string Namespace, string Name, string Kind, string? Port, string Path);
    }
}
