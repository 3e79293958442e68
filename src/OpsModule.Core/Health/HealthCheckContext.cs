using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Health;

/// <summary>What every check may use besides the snapshot: the cluster (for probes), the run's options and its clock reading.</summary>
internal sealed record HealthCheckContext(IKubernetesApi Api, HealthOptions Options, DateTimeOffset Now);
