using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>Services: selector matching no pod, no ready endpoints, targetPort not exposed by the selected pods.</summary>
internal sealed class ServiceCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Services;

    public override SnapshotParts Needs => SnapshotParts.Services | SnapshotParts.Endpoints | SnapshotParts.Pods;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var endpointsByName = snapshot.Endpoints.ToDictionary(e => e.Name(), StringComparer.Ordinal);
        foreach (var service in snapshot.Services)
        {
            if (service.Spec.Type == "ExternalName" || service.Spec.Selector is not { Count: > 0 } selectorLabels)
            {
                continue;
            }

            var ns = service.Namespace();
            var selector = LabelSelector.FromLabels(selectorLabels);
            var selected = snapshot.PodIndex.Select(selectorLabels).Where(p => p.Status.Phase is not ("Succeeded" or "Failed")).ToList();
            if (selected.Count == 0)
            {
                yield return Problem(HealthStatus.Critical, HealthCodes.Services.ServiceSelectorMatchesNoPod, service,
                    $"Selector '{selector}' matches no pod, so the Service sends traffic nowhere.",
                    $"Compare the selector with the pod labels: kubectl get pods -n {ns} -l '{selector}' --show-labels; fix the selector or the labels.",
                    observed: "0 pods");
                continue;
            }

            var missingPorts = MissingTargetPorts(service, selected).ToList();
            foreach (var port in missingPorts)
            {
                yield return Problem(HealthStatus.Critical, HealthCodes.Services.ServiceTargetPortMissing, service,
                    $"targetPort '{port}' is not a port the selected pods expose, so no endpoint serves it.",
                    $"Set the Service's targetPort to a containerPort (or port name) the pods declare: kubectl get svc {service.Name()} -n {ns} -o yaml.",
                    observed: port);
            }

            var ready = endpointsByName.TryGetValue(service.Name(), out var endpoints)
                ? endpoints.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0
                : 0;
            if (ready == 0)
            {
                yield return Problem(HealthStatus.Critical, HealthCodes.Services.ServiceNoReadyEndpoints, service,
                    $"No ready endpoints: none of the {selected.Count} selected pods is Ready.",
                    $"Fix the selected pods first (kubectl get endpoints {service.Name()} -n {ns}; kubectl get pods -n {ns} -l '{selector}').",
                    observed: "0 ready", threshold: ">= 1");
            }
            else if (missingPorts.Count == 0)
            {
                yield return HealthFinding.Healthy(HealthCheck.Services, HealthCodes.Services.ServiceHealthy, ns, "Service", service.Name(), $"{ready} ready endpoints.", $"{ready} ready");
            }
        }
    }

    private static IEnumerable<string> MissingTargetPorts(V1Service service, IReadOnlyList<V1Pod> pods)
    {
        var declared = pods.SelectMany(p => p.Spec.Containers).SelectMany(c => c.Ports ?? []).ToList();
        foreach (var port in service.Spec.Ports ?? [])
        {
            var target = port.TargetPort ?? (IntOrString)port.Port;
            if (target.AsNumber() is null && target.Value is { } named)
            {
                if (!declared.Any(p => p.Name == named))
                {
                    yield return named;
                }
            }
            else if (declared.Count > 0)
            {
                // Numeric ports need no declaration, so only a set of declared ports that leaves this one out is suspicious.
                var number = target.AsNumber()!.Value;
                if (!declared.Any(p => p.ContainerPort == number))
                {
                    yield return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
    }

    private static OpsHealthResult Problem(HealthStatus status, string code, V1Service service, string message, string remediation, string? observed = null, string? threshold = null) =>
        HealthFinding.Problem(status, HealthCheck.Services, code, service.Namespace(), "Service", service.Name(), message, remediation, observed, threshold);
}
