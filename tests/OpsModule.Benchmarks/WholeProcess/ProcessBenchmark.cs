using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// Speed as a scheduled job sees it (issue 14): each run is a fresh process. Per namespace size, interleaved round by round:
/// <c>pwsh -File</c> of an empty script, of <c>Import-Module OpsModule</c>, and of the import plus one <c>Get-OpsHealth</c>,
/// against the runbook's kubectl sequence (one kubectl process per kind). The differences give pwsh start, import and first call.
/// </summary>
internal sealed class ProcessBenchmark(ProcessBenchOptions options, TextWriter log)
{
    private const string Namespace = "bench";

    public async Task<IReadOnlyList<ProcessSizeResult>> RunAsync()
    {
        var module = Path.GetFullPath(options.Module);
        if (!File.Exists(module))
        {
            throw new FileNotFoundException($"the published module is not at {module}; run 'dotnet publish src/OpsModule -c Release' first or pass --module.");
        }

        var pwsh = options.Pwsh ?? PwshLauncher.FindDefault();
        log.WriteLine($"pwsh: {pwsh}; module: {module}; {options.Warmups} warm-up + {options.Runs} measured rounds per size.");
        var results = new List<ProcessSizeResult>();
        foreach (var pods in options.Sizes)
        {
            results.Add(await MeasureSizeAsync(pods, pwsh, module));
        }

        return results;
    }

    private async Task<ProcessSizeResult> MeasureSizeAsync(int pods, string pwsh, string module)
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-process-bench-");
        try
        {
            await using var cluster = await BenchCluster.StartAsync();
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"), @namespace: Namespace);
            var space = BenchNamespace.Populate(cluster, Namespace, pods);
            await space.SettleAsync(cluster, TimeSpan.FromMinutes(3));
            log.WriteLine($"[{pods} pods] settled: {space.Deployments} deployments.");

            var launcher = new PwshLauncher(pwsh, kubeconfig);
            var empty = Script(dir, "empty.ps1", "exit 0");
            var import = Script(dir, "import.ps1", $"$ErrorActionPreference = 'Stop'\nImport-Module '{module}'\nexit 0");
            var job = Script(dir, "job.ps1", $"$ErrorActionPreference = 'Stop'\nImport-Module '{module}'\nGet-OpsHealth -Namespace {Namespace}\nexit 0");
            var kubectl = new KubectlSequence(options.Kubectl, kubeconfig, dir.FullName, Namespace);

            var samples = await Interleaved.MeasureAsync(
                options.Warmups,
                options.Runs,
                () => launcher.RunAsync(empty),
                () => launcher.RunAsync(import),
                () => launcher.RunAsync(job),
                kubectl.RunAsync);
            var result = new ProcessSizeResult(pods, samples[0], samples[1], samples[2], samples[3]);
            log.WriteLine($"[{pods} pods] pwsh {Report.Ms(result.PwshStart.Median)}, import {Report.Ms(result.Import.Median)}, " +
                          $"job {Report.Ms(result.Job.Median)}, kubectl {Report.Ms(result.Kubectl.Median)}");
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Script(DirectoryInfo dir, string name, string body)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, body + "\n");
        return path;
    }
}

internal sealed record ProcessSizeResult(int Pods, Samples PwshStart, Samples Import, Samples Job, Samples Kubectl)
{
    public TimeSpan ImportCost => Import.Median - PwshStart.Median;

    public TimeSpan FirstCallCost => Job.Median - Import.Median;

    /// <summary>How many times faster the whole job is than the kubectl sequence.</summary>
    public double Speedup => Kubectl.Median / Job.Median;
}
