using System.Reflection;

namespace OpsModule.Core.Health;

/// <summary>
/// Every finding code Get-OpsHealth emits, one nested class per <see cref="HealthCheck"/> family (the class is named after it).
/// Each constant's name is its value, so a code found in a report is found here by name. -ExcludeCode completes from <see cref="All"/>.
/// </summary>
public static class HealthCodes
{
    public static class Pods
    {
        public const string PodHealthy = nameof(PodHealthy);
        public const string PodUnschedulable = nameof(PodUnschedulable);
        public const string PodPendingTooLong = nameof(PodPendingTooLong);
        public const string PodCrashLoopBackOff = nameof(PodCrashLoopBackOff);
        public const string PodImagePullError = nameof(PodImagePullError);
        public const string PodContainerConfigError = nameof(PodContainerConfigError);
        public const string PodOOMKilled = nameof(PodOOMKilled);
        public const string PodEvicted = nameof(PodEvicted);
        public const string PodNotReady = nameof(PodNotReady);
        public const string PodRestartsHigh = nameof(PodRestartsHigh);
    }

    public static class Workloads
    {
        public const string WorkloadAvailable = nameof(WorkloadAvailable);
        public const string WorkloadUnavailable = nameof(WorkloadUnavailable);
        public const string DeploymentRolloutStuck = nameof(DeploymentRolloutStuck);
        public const string WorkloadScaledToZero = nameof(WorkloadScaledToZero);
    }

    public static class Services
    {
        public const string ServiceHealthy = nameof(ServiceHealthy);
        public const string ServiceSelectorMatchesNoPod = nameof(ServiceSelectorMatchesNoPod);
        public const string ServiceNoReadyEndpoints = nameof(ServiceNoReadyEndpoints);
        public const string ServiceTargetPortMissing = nameof(ServiceTargetPortMissing);
    }

    public static class Ingresses
    {
        public const string IngressHealthy = nameof(IngressHealthy);
        public const string IngressBackendMissing = nameof(IngressBackendMissing);
        public const string IngressTlsSecretMissing = nameof(IngressTlsSecretMissing);
        public const string IngressNoAddress = nameof(IngressNoAddress);
    }

    public static class Autoscalers
    {
        public const string HpaHealthy = nameof(HpaHealthy);
        public const string HpaAtMaxReplicas = nameof(HpaAtMaxReplicas);
        public const string HpaMetricsUnavailable = nameof(HpaMetricsUnavailable);
        public const string HpaTargetMissing = nameof(HpaTargetMissing);
    }

    public static class Volumes
    {
        public const string PvcBound = nameof(PvcBound);
        public const string PvcPending = nameof(PvcPending);
        public const string PvcLost = nameof(PvcLost);
    }

    public static class Events
    {
        public const string WarningEvent = nameof(WarningEvent);
    }

    public static class Nodes
    {
        public const string NodeReady = nameof(NodeReady);
        public const string NodeNotReady = nameof(NodeNotReady);
        public const string NodeMemoryPressure = nameof(NodeMemoryPressure);
        public const string NodeDiskPressure = nameof(NodeDiskPressure);
        public const string NodePidPressure = nameof(NodePidPressure);
        public const string NodeCordoned = nameof(NodeCordoned);
        public const string NodesForbidden = nameof(NodesForbidden);
    }

    public static class Http
    {
        public const string HttpEndpointHealthy = nameof(HttpEndpointHealthy);
        public const string HttpEndpointFailing = nameof(HttpEndpointFailing);
        public const string HttpEndpointTimeout = nameof(HttpEndpointTimeout);
        public const string HttpProbeForbidden = nameof(HttpProbeForbidden);
    }

    public static class Certificates
    {
        public const string CertificateValid = nameof(CertificateValid);
        public const string CertificateExpired = nameof(CertificateExpired);
        public const string CertificateExpiring = nameof(CertificateExpiring);
        public const string CertificateUnreadable = nameof(CertificateUnreadable);
    }

    public static class Resources
    {
        public const string ResourceUsageNormal = nameof(ResourceUsageNormal);
        public const string CpuUsageHigh = nameof(CpuUsageHigh);
        public const string MemoryUsageHigh = nameof(MemoryUsageHigh);
        public const string MetricsUnavailable = nameof(MetricsUnavailable);
    }

    public static class Database
    {
        public const string DatabaseReachable = nameof(DatabaseReachable);
        public const string DatabaseUnreachable = nameof(DatabaseUnreachable);
        public const string DatabaseConnectionsHigh = nameof(DatabaseConnectionsHigh);
        public const string DatabaseLongQueries = nameof(DatabaseLongQueries);
        public const string DatabaseSlow = nameof(DatabaseSlow);
        public const string DatabaseConnectionInvalid = nameof(DatabaseConnectionInvalid);
    }

    /// <summary>Every code with the check family that emits it, in declaration order.</summary>
    public static IReadOnlyList<(string Code, HealthCheck Check)> All { get; } = typeof(HealthCodes)
        .GetNestedTypes()
        .SelectMany(family => family.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => ((string)f.GetRawConstantValue()!, Enum.Parse<HealthCheck>(family.Name))))
        .ToArray();
}
