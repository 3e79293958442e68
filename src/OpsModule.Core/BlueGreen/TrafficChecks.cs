using System.Globalization;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>The gates and waits around the selector patch: pod health, endpoint propagation, Service health.</summary>
internal sealed class TrafficChecks
{
    private readonly IKubernetesApi _api;
    private readonly BlueGreenOptions _options;
    private readonly Service _service;

    public TrafficChecks(IKubernetesApi api, BlueGreenOptions options, Service service)
    {
        _api = api;
        _options = options;
        _service = service;
    }

    /// <summary>Every pod must answer the health path with 2xx <see cref="BlueGreenOptions.HealthyChecks"/> times in a row.</summary>
    public async Task<string> PodsHealthyAsync(IReadOnlyList<Pod> pods, CancellationToken cancellationToken)
    {
        var checks = Math.Max(1, _options.HealthyChecks);
        for (var round = 1; round <= checks; round++)
        {
            foreach (var pod in pods)
            {
                var response = await ProxyAsync(ProxyTarget.Pod, pod.Name, PodPort(pod), cancellationToken);
                if (!response.IsSuccess)
                {
                    throw new BlueGreenStepException(
                        $"Pod '{pod.Name}' answered {_options.HealthPath} with {(int)response.StatusCode} (check {round} of {checks}).");
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
    public async Task<string> EndpointsAreAsync(IReadOnlyList<Pod> pods, CancellationToken cancellationToken)
    {
        var expected = pods.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var deadline = DateTimeOffset.UtcNow + _options.Timeout;
        var actual = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            actual = await EndpointPodsAsync(cancellationToken);
            if (actual.SetEquals(expected))
            {
                return $"endpoints are the {expected.Count} new pod(s)";
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new BlueGreenStepException(
                    $"The endpoints of Service '{_service.Name}' did not become the new pods within {_options.Timeout.TotalSeconds:0.#} s "
                    + $"(endpoints: {string.Join(", ", actual.Order())}; expected: {string.Join(", ", expected.Order())}).");
            }

            await Task.Delay(_options.PollInterval, cancellationToken);
        }
    }

    /// <summary>The Service must answer the health path with 2xx on every poll for <see cref="BlueGreenOptions.VerifyDuration"/>.</summary>
    public async Task<string> ServiceHealthyAsync(CancellationToken cancellationToken)
    {
        var end = DateTimeOffset.UtcNow + _options.VerifyDuration;
        var requests = 0;
        do
        {
            var response = await ProxyAsync(ProxyTarget.Service, _service.Name, ServicePort(), cancellationToken);
            requests++;
            if (!response.IsSuccess)
            {
                throw new BlueGreenStepException(
                    $"Service '{_service.Name}' answered {_options.HealthPath} with {(int)response.StatusCode} after the switch (request {requests}).");
            }

            await Task.Delay(_options.VerifyInterval, cancellationToken);
        }
        while (DateTimeOffset.UtcNow < end);

        return $"{requests} request(s) through the Service answered 2xx for {_options.VerifyDuration.TotalSeconds:0.#} s";
    }

    private async Task<HashSet<string>> EndpointPodsAsync(CancellationToken cancellationToken)
    {
        Endpoints endpoints;
        try
        {
            endpoints = await _api.GetAsync<Endpoints>(_service.Namespace ?? _options.Namespace, _service.Name, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return [];
        }

        return (endpoints.Subsets ?? [])
            .SelectMany(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? []))
            .Select(a => a.TargetRef?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }

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

    private string? ServicePort()
    {
        var port = _service.Spec.Ports?.FirstOrDefault();
        return port is null ? null : port.Name ?? port.Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The pod port the Service sends traffic to: its numeric targetPort, a named one looked up in the pod, or the port itself.</summary>
    private string? PodPort(Pod pod)
    {
        var port = _service.Spec.Ports?.FirstOrDefault();
        if (port is null)
        {
            return null;
        }

        if (port.TargetPort is { } target)
        {
            if (target.Number is { } number)
            {
                return number.ToString(CultureInfo.InvariantCulture);
            }

            var named = pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target.Text);
            if (named is not null)
            {
                return named.Port.ToString(CultureInfo.InvariantCulture);
            }
        }

        return port.Port.ToString(CultureInfo.InvariantCulture);
    }
}
