using OpsModule.Core.Health;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// -HealthCheck: Get-OpsHealth's pod and workload checks (Core's <see cref="HealthChecker"/>), limited to the new colour's pods
/// (its deployment's selector) and its deployment. Any Critical finding fails the gate, naming the finding codes.
/// </summary>
internal sealed class NewColorHealthGate
{
    private readonly IKubernetesApi _api;
    private readonly string _namespace;
    private readonly ColorDeployment _deployment;

    public NewColorHealthGate(IKubernetesApi api, string @namespace, ColorDeployment deployment)
    {
        _api = api;
        _namespace = @namespace;
        _deployment = deployment;
    }

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var checker = new HealthChecker(_api);
        // Deployments are listed by their own labels, which need not match their pods' selector: read all, keep ours by name.
        var pods = checker.RunAsync(Options(HealthCheck.Pods, _deployment.Selector), null, cancellationToken);
        var workloads = checker.RunAsync(Options(HealthCheck.Workloads, null), null, cancellationToken);
        await Task.WhenAll(pods, workloads);
        var findings = (await pods).Results
            .Concat((await workloads).Results.Where(r => r.Kind == "Deployment" && r.Name == _deployment.Name))
            .ToList();
        var failures = (await pods).Failures.Concat((await workloads).Failures).ToList();
        if (failures.Count > 0)
        {
            throw new BlueGreenStepException($"Health checks could not read namespace '{_namespace}': {failures[0].Error.Message}");
        }

        var critical = findings.Where(f => f.Status == HealthStatus.Critical).ToList();
        if (critical.Count > 0)
        {
            var codes = critical.GroupBy(f => f.Code).Select(g => $"{g.Key} ({string.Join(", ", g.Select(f => f.Name))})");
            throw new BlueGreenStepException(
                $"Health checks of {_deployment.Name} found {critical.Count} Critical finding(s): {string.Join("; ", codes)}. "
                + $"First: {critical[0].Message}");
        }

        var warnings = findings.Where(f => f.Status == HealthStatus.Warning).Select(f => f.Code).Distinct().ToList();
        return $"{findings.Count} finding(s) on {_deployment.Name} and its pods, none Critical"
            + (warnings.Count == 0 ? "" : $" (Warning: {string.Join(", ", warnings)})");
    }

    private HealthOptions Options(HealthCheck check, string? selector) => new()
    {
        Namespaces = [_namespace],
        Selector = string.IsNullOrEmpty(selector) ? null : selector,
        Checks = new HashSet<HealthCheck> { check },
        IncludeHealthy = true,
    };
}
