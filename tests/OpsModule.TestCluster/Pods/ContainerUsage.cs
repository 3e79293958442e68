namespace OpsModule.TestCluster;

/// <summary>One container's usage in a PodMetrics object, as Kubernetes quantities (e.g. "250m", "128Mi").</summary>
public sealed record ContainerUsage(string Name, string Cpu, string Memory);
