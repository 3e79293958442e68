namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>One module variant under one pwsh: times of the import and job scripts, medians of the methods JIT-compiled per phase.</summary>
internal sealed record ModuleResult(string Label, Samples Import, Samples Job, long ImportJit, long CallJit, long JobJit);

/// <summary>One pwsh build: its empty-script start and the module variants measured under it.</summary>
internal sealed record PwshResult(PwshBuild Build, Samples Start, long StartJit, IReadOnlyList<ModuleResult> Modules)
{
    public string Label => Build == PwshBuild.Released
        ? "pwsh as released (ReadyToRun)"
        : "pwsh as the dotnet tool (IL only)";

    public TimeSpan ImportCost(ModuleResult module) => module.Import.Median - Start.Median;
}

internal sealed record ProcessSizeResult(int Pods, Samples Kubectl, IReadOnlyList<PwshResult> Builds)
{
    public static TimeSpan FirstCallCost(ModuleResult module) => module.Job.Median - module.Import.Median;

    /// <summary>How many times faster the whole job is than the kubectl sequence.</summary>
    public double Speedup(ModuleResult module) => Kubectl.Median / module.Job.Median;
}

/// <summary>Runs one script again and again through a launcher and keeps the JIT counts each run printed.</summary>
internal sealed class RecordedScript(PwshLauncher launcher, string script)
{
    private readonly List<IReadOnlyDictionary<string, long>> counts = [];

    public async Task RunAsync() => counts.Add(await launcher.RunAsync(script));

    /// <summary>The median of one phase's count over the measured runs (the first <paramref name="warmups"/> runs are the warm-ups).</summary>
    public long Median(int warmups, Func<IReadOnlyDictionary<string, long>, long> phase)
    {
        var sorted = counts.Skip(warmups).Select(phase).Order().ToList();
        if (sorted.Count == 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} recorded no measured run");
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
