namespace OpsModule.Core.Health;

/// <summary>The lists a namespace check reads from its <see cref="NamespaceSnapshot"/>; the run fetches the union over the selected checks.</summary>
[Flags]
internal enum SnapshotParts
{
    None = 0,
    Pods = 1 << 0,
    Deployments = 1 << 1,
    StatefulSets = 1 << 2,
    DaemonSets = 1 << 3,
    Services = 1 << 4,
    Endpoints = 1 << 5,
    Ingresses = 1 << 6,
    Autoscalers = 1 << 7,
    Claims = 1 << 8,
    Events = 1 << 9,
    TlsSecrets = 1 << 10,
    PodMetrics = 1 << 11,
}
