namespace OpsModule.Core.BlueGreen;

/// <summary>
/// Parameters of a blue-green switch (the cmdlet's parameters, without PowerShell types): Service-selector mode by default,
/// Istio weight mode with <see cref="VirtualService"/>, a switch back to the recorded previous colour with <see cref="Rollback"/>.
/// </summary>
public sealed record BlueGreenOptions
{
    public required string Namespace { get; init; }

    /// <summary>The live Service whose selector picks the colour. In weight mode optional: when given, its port is used for the pod gate.</summary>
    public string? Service { get; init; }

    /// <summary>Base name: the deployment of colour c is <c>&lt;Deployment&gt;-&lt;c&gt;</c> unless given explicitly.</summary>
    public string? Deployment { get; init; }

    /// <summary>Deployment of <c>Colors[0]</c>.</summary>
    public string? BlueDeployment { get; init; }

    /// <summary>Deployment of <c>Colors[1]</c>.</summary>
    public string? GreenDeployment { get; init; }

    public IReadOnlyList<string> Colors { get; init; } = ["blue", "green"];

    /// <summary>Null: the selector key whose value is one of <see cref="Colors"/>.</summary>
    public string? SelectorKey { get; init; }

    /// <summary>Target value of the selector key; needed for values outside <see cref="Colors"/> (e.g. <c>version: v2</c>).</summary>
    public string? To { get; init; }

    /// <summary>Image set on the idle deployment before it is scaled up.</summary>
    public string? Image { get; init; }

    /// <summary>Container that gets <see cref="Image"/>; null with a single container.</summary>
    public string? Container { get; init; }

    /// <summary>Replicas of the new colour; null: the active one's.</summary>
    public int? Replicas { get; init; }

    /// <summary>Budget for the rollout, and for the endpoints to follow the selector; also the age after which a lock is stale.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public string HealthPath { get; init; } = "/health";

    /// <summary>Consecutive successful answers every new pod must give before the switch.</summary>
    public int HealthyChecks { get; init; } = 3;

    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the Service must keep answering 2xx after the switch.</summary>
    public TimeSpan VerifyDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan VerifyInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Leave the old colour running after a successful switch.</summary>
    public bool KeepPrevious { get; init; }

    /// <summary>On failure, leave the idle deployment scaled up for debugging.</summary>
    public bool KeepFailed { get; init; }

    /// <summary>Take over a lock older than <see cref="Timeout"/>.</summary>
    public bool Force { get; init; }

    /// <summary>Written into the lock annotation; default user@machine.</summary>
    public string? LockOwner { get; init; }

    /// <summary>Timeout of one proxied HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Switch back to the colour the last successful switch came from (recorded on the Service), right away.</summary>
    public bool Rollback { get; init; }

    /// <summary>Run Core's health checks of the new colour's pods and deployment as an extra gate: any Critical finding fails it.</summary>
    public bool HealthCheck { get; init; }

    /// <summary>Istio weight mode: the VirtualService whose route weights move traffic (instead of a Service selector).</summary>
    public string? VirtualService { get; init; }

    /// <summary>Weight mode: percent of traffic to the new colour, step by step; the last must be 100.</summary>
    public IReadOnlyList<int> TrafficSteps { get; init; } = [50, 80, 100];

    /// <summary>Weight mode: how long each step (but the last, which holds for <see cref="VerifyDuration"/>) is watched before the next.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Weight mode: the destination subset of each colour; a colour without an entry uses its own name as the subset.</summary>
    public IReadOnlyDictionary<string, string>? Subsets { get; init; }
}
