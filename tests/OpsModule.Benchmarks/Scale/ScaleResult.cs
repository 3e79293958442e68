namespace OpsModule.Benchmarks.Scale;

/// <summary>What was measured at one cluster size.</summary>
internal sealed record ScaleResult
{
    public required int Pods { get; init; }

    public required int Namespaces { get; init; }

    /// <summary>Time to apply every object (the controllers run after each apply).</summary>
    public required TimeSpan Applied { get; init; }

    /// <summary>Time until every pod existed and every healthy one was Ready.</summary>
    public required TimeSpan Settled { get; init; }

    public required Samples Ours { get; init; }

    public required Samples Kubectl { get; init; }

    public required long KubectlOutputBytes { get; init; }

    public required RequestCounts Requests { get; init; }

    public required int Findings { get; init; }

    public required IReadOnlyList<string> ProblemCodes { get; init; }

    /// <summary>Peak resident set (VmHWM) of the child process before its one run, and after it.</summary>
    public required long ChildPeakBefore { get; init; }

    public required long ChildPeak { get; init; }

    /// <summary>The child's run: a fresh process, code not yet JIT-compiled.</summary>
    public required TimeSpan ChildCold { get; init; }

    public double Ratio => Kubectl.Median / Ours.Median;
}
