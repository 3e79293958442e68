using OpsModule.Core.Health.Checks;

namespace OpsModule.Core.Health;

/// <summary>
/// The namespace checks, in the order their findings are reported. Nodes and Database are cluster-wide and run beside them
/// (<see cref="HealthChecker"/>).
/// </summary>
internal static class HealthCheckRegistry
{
    public static IReadOnlyList<INamespaceHealthCheck> NamespaceChecks { get; } =
    [
        new PodCheck(),
        new WorkloadCheck(),
        new ServiceCheck(),
        new IngressCheck(),
        new AutoscalerCheck(),
        new VolumeCheck(),
        new EventCheck(),
        new CertificateCheck(),
        new ResourceUsageCheck(),
        new HttpCheck(),
    ];

    public static IReadOnlyList<INamespaceHealthCheck> Selected(HealthOptions options) =>
        NamespaceChecks.Where(c => options.Runs(c.Check)).ToList();

    /// <summary>The fetch plan: every list some selected check reads.</summary>
    public static SnapshotParts Needs(IEnumerable<INamespaceHealthCheck> checks) =>
        checks.Aggregate(SnapshotParts.None, (parts, check) => parts | check.Needs);
}
