using System.Globalization;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// The gates and waits around a switch: pod health, endpoint propagation, Service health. Without a Service (weight mode with
/// no Service of the colour) only the pod gate works, on the pods' first container port.
/// </summary>
internal sealed class TrafficChecks
{
    private readonly IKubernetesApi _api;
    private readonly BlueGreenOptions _options;
    private readonly V1Service? _service;

    public TrafficChecks(IKubernetesApi api, BlueGreenOptions options, V1Service? service)
    {
        _api = api;
        _options = options;
        _service = service;
    }

    /// <summary>Every pod must answer the health path with 2xx <see cref="BlueGreenOptions.HealthyChecks"/> times in a row.</summary>
    public Task<string> PodsHealthyAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken) =>
        PodsHealthyAsync(pods, _options.HealthyChecks, cancellationToken);

    public async Task<string> PodsHealthyAsync(IReadOnlyList<V1Pod> pods, int times, CancellationToken cancellationToken)
    {
        var checks = Math.Max(1, times);
        for (var round = 1; round <= checks; round++)
        {
            foreach (var pod in pods)
            {
                var response = await ProxyAsync(ProxyTarget.Pod, pod.Name(), PodPort(pod), cancellationToken);
                if (!response.IsSuccess)
                {
                    throw new BlueGreenStepException(
                        $"Pod '{pod.Name()}' answered {_options.HealthPath} with {(int)response.StatusCode} (check {round} of {checks}).");
                }
            }

            if (round < checks)
            {
                await Task.Delay(_options.HealthCheckInterval, cancellationToken);
            }
        }

        return $"{pods.Count} pod(s) answered {_options.HealthPath} {checks} time(s) in a row";
    }

    /// <summary>Waits until the Service's endpoints are exactly <paramref name="pods"/> (ready, none of the old colour).</summary>
    public async Task<string> EndpointsAreAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var service = ServiceOrThrow();
        var expected = pods.Select(p => p.Name()).ToHashSet(StringComparer.Ordinal);
        var actual = new HashSet<string>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            // Watched from its resourceVersion, as the endpoints controller updates it; a missing Endpoints object has no pods.
            await _api.WaitForAsync<V1Endpoints>(service.Namespace() ?? _options.Namespace, new ListOptions { FieldSelector = $"metadata.name={service.Name()}" },
                found => (actual = EndpointPods(found.FirstOrDefault())).SetEquals(expected), deadline.Token);
            return $"endpoints are the {expected.Count} new pod(s)";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BlueGreenStepException(
                $"The endpoints of Service '{service.Name()}' did not become the new pods within {_options.Timeout.TotalSeconds:0.#} s "
                + $"(endpoints: {string.Join(", ", actual.Order())}; expected: {string.Join(", ", expected.Order())}).");
        }
    }

    /// <summary>The Service must answer the health path with 2xx on every poll for <see cref="BlueGreenOptions.VerifyDuration"/>.</summary>
    public Task<string> ServiceHealthyAsync(CancellationToken cancellationToken) => ServiceHealthyAsync(_options.VerifyDuration, cancellationToken);

    /// <summary>The Service must answer the health path with 2xx on every poll for <paramref name="duration"/> (at least once).</summary>
    public async Task<string> ServiceHealthyAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var service = ServiceOrThrow();
        var end = DateTimeOffset.UtcNow + duration;
        var requests = 0;
        while (true)
        {
            await ServiceAnswersAsync(service, ++requests, cancellationToken);
            if (DateTimeOffset.UtcNow >= end)
            {
                break;
            }

            await Task.Delay(_options.VerifyInterval, cancellationToken);
        }

        return $"{requests} request(s) through Service {service.Name()} answered 2xx for {duration.TotalSeconds:0.#} s";
    }

    /// <summary>One request through the Service, if there is one; throws unless it answers 2xx.</summary>
    public async Task ServiceAnswersOnceAsync(CancellationToken cancellationToken)
    {
        if (_service is { } service)
        {
            await ServiceAnswersAsync(service, 1, cancellationToken);
        }
    }

    private async Task ServiceAnswersAsync(V1Service service, int request, CancellationToken cancellationToken)
    {
        var response = await ProxyAsync(ProxyTarget.Service, service.Name(), ServicePort(service), cancellationToken);
        if (!response.IsSuccess)
        {
            throw new BlueGreenStepException(
                $"Service '{service.Name()}' answered {_options.HealthPath} with {(int)response.StatusCode} after the switch (request {request}).");
        }
    }

    private V1Service ServiceOrThrow() => _service ?? throw new InvalidOperationException("This check needs a Service.");

    private static HashSet<string> EndpointPods(V1Endpoints? endpoints) =>
        (endpoints?.Subsets ?? [])
            .SelectMany(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? []))
            .Select(a => a.TargetRef?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private async Task<ProxyResponse> ProxyAsync(ProxyTarget target, string name, string? port, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.ProxyGetAsync(target, _options.Namespace, name, port, _options.HealthPath, _options.RequestTimeout, cancellationToken);
        }
        catch (KubernetesApiException e)
        {
            throw new BlueGreenStepException($"{target} '{name}' could not be reached on {_options.HealthPath}: {e.Message}");
        }
    }

    private static string? ServicePort(V1Service service)
    {
        var port = service.Spec.Ports?.FirstOrDefault();
        return port is null ? null : port.Name ?? port.Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The pod port the Service sends traffic to; without a Service, the pod's first declared container port.</summary>
    private string? PodPort(V1Pod pod) =>
        _service?.Spec.Ports?.FirstOrDefault() is { } port ? PodPorts.Resolve(pod, port) : PodPorts.FirstDeclared(pod);
}
