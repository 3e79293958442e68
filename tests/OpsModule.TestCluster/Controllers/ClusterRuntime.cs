namespace OpsModule.TestCluster.Controllers;

/// <summary>Controller memory that is not part of any object (like the kubelet's and controllers' in-memory state).</summary>
internal sealed class ClusterRuntime
{
    private int _podIpCounter;
    private int _clusterIpCounter;
    private int _nodePortCounter;

    public Dictionary<string, PodRuntime> Pods { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeploymentRuntime> Deployments { get; } = new(StringComparer.Ordinal);

    /// <summary>Events by "involved uid|reason|message", so repeats bump the count like the real event recorder.</summary>
    public Dictionary<string, (string Namespace, string Name)> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Endpoints objects the endpoints controller owns ("ns/name").</summary>
    public HashSet<string> ManagedEndpoints { get; } = new(StringComparer.Ordinal);

    public int NextSchedulingIndex { get; set; }

    public string NextPodIp()
    {
        var n = _podIpCounter++;
        return $"10.244.{n / 250}.{n % 250 + 2}";
    }

    public string NextClusterIp()
    {
        var n = _clusterIpCounter++;
        return $"10.96.{n / 250}.{n % 250 + 10}";
    }

    public int NextNodePort() => 30000 + _nodePortCounter++;
}

internal sealed class PodRuntime
{
    public required DateTimeOffset FirstSeen { get; init; }

    public string? PodIp { get; set; }

    public string? LastStageKey { get; set; }

    public long LastWrittenResourceVersion { get; set; }

    /// <summary>Pods created with an explicit status through <c>Apply</c>: the simulated kubelet leaves them alone.</summary>
    public bool StatusFixedByTest { get; set; }

    public HashSet<string> EmittedEvents { get; } = new(StringComparer.Ordinal);
}

internal sealed class DeploymentRuntime
{
    public string ProgressSnapshot { get; set; } = "";

    public DateTimeOffset LastProgress { get; set; }
}
