using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>Ingresses: backend Service missing, TLS Secret missing, no load-balancer address yet.</summary>
internal sealed class IngressCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Ingresses;

    public override SnapshotParts Needs => SnapshotParts.Ingresses | SnapshotParts.Services | SnapshotParts.TlsSecrets;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var services = snapshot.Services.Select(s => s.Name()).ToHashSet(StringComparer.Ordinal);
        var secrets = snapshot.TlsSecrets.Select(s => s.Name()).ToHashSet(StringComparer.Ordinal);
        foreach (var ingress in snapshot.Ingresses)
        {
            var ns = ingress.Namespace();
            var problems = 0;
            var backends = (ingress.Spec.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend.Service)
                .Append(ingress.Spec.DefaultBackend?.Service)
                .OfType<V1IngressServiceBackend>()
                .Select(b => b.Name)
                .Distinct(StringComparer.Ordinal);
            foreach (var backend in backends.Where(b => !services.Contains(b)))
            {
                problems++;
                yield return Problem(HealthStatus.Critical, HealthCodes.Ingresses.IngressBackendMissing, ingress,
                    $"Backend Service '{backend}' does not exist; requests to it get 503 from the ingress controller.",
                    $"Create the Service or fix the backend name: kubectl get svc -n {ns}; kubectl describe ingress {ingress.Name()} -n {ns}.", backend);
            }

            foreach (var tls in (ingress.Spec.Tls ?? []).Where(t => t.SecretName is { Length: > 0 } && !secrets.Contains(t.SecretName)))
            {
                problems++;
                yield return Problem(HealthStatus.Critical, HealthCodes.Ingresses.IngressTlsSecretMissing, ingress,
                    $"TLS Secret '{tls.SecretName}' for {string.Join(", ", tls.Hosts ?? [])} does not exist; the controller serves its default certificate.",
                    $"Create the kubernetes.io/tls Secret (kubectl create secret tls {tls.SecretName} --cert=... --key=... -n {ns}) or check cert-manager's Certificate.",
                    tls.SecretName);
            }

            if (ingress.Status.LoadBalancer?.Ingress is not { Count: > 0 })
            {
                problems++;
                yield return Problem(HealthStatus.Warning, HealthCodes.Ingresses.IngressNoAddress, ingress,
                    "The Ingress has no load-balancer address yet, so DNS has nothing to point at.",
                    $"Check that an ingress controller for class '{ingress.Spec.IngressClassName ?? "(default)"}' runs and has picked it up: kubectl describe ingress {ingress.Name()} -n {ns}.");
            }

            if (problems == 0)
            {
                var address = ingress.Status.LoadBalancer!.Ingress!.Select(i => i.Ip ?? i.Hostname).First();
                yield return HealthFinding.Healthy(HealthCheck.Ingresses, HealthCodes.Ingresses.IngressHealthy, ns, "Ingress", ingress.Name(), $"Serving at {address}.", address);
            }
        }
    }

    private static OpsHealthResult Problem(HealthStatus status, string code, V1Ingress ingress, string message, string remediation, string? observed = null) =>
        HealthFinding.Problem(status, HealthCheck.Ingresses, code, ingress.Namespace(), "Ingress", ingress.Name(), message, remediation, observed);
}
