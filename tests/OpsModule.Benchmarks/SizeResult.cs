namespace OpsModule.Benchmarks;

/// <summary>What was measured at one namespace size.</summary>
internal sealed record SizeResult
{
    public required int Pods { get; init; }

    public required int Deployments { get; init; }

    public required Samples Ours { get; init; }

    /// <summary>The first run in the process: our code not yet JIT-compiled (a fresh pwsh running Get-OpsHealth once).</summary>
    public TimeSpan? OursCold { get; init; }

    public Samples? OursWithoutHttp { get; init; }

    public Samples? OursFetchOnly { get; init; }

    public Samples? OursReusedClient { get; init; }

    public Samples? OursHttp2 { get; init; }

    public Samples? PodsListRaw { get; init; }

    public Samples? PodsListTyped { get; init; }

    public Samples? OneProbe { get; init; }

    public long PodsListBytes { get; init; }

    public Samples? OursHttpOnly { get; init; }

    public Samples? Kubectl { get; init; }

    public long KubectlOutputBytes { get; init; }

    public required RequestCounts Requests { get; init; }

    public RequestCounts? KubectlRequests { get; init; }

    public required IReadOnlyList<string> ProblemCodes { get; init; }

    public required int Findings { get; init; }

    public double? Ratio => Kubectl is null ? null : Kubectl.Median / Ours.Median;
}
