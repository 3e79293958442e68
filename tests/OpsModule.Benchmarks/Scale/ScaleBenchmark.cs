using System.Diagnostics;
using OpsModule.Core.Health;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks.Scale;

/// <summary>
/// Get-OpsHealth -AllNamespaces against <c>kubectl get &lt;kind&gt; -A -o json</c> on clusters of growing size: per size a new
/// test cluster with the pods spread over <see cref="ScaleBenchOptions.Namespaces"/> BenchNamespace-shaped namespaces,
/// interleaved rounds of both, then one run of ours in a child process for its peak working set.
/// </summary>
internal sealed class ScaleBenchmark(ScaleBenchOptions options, TextWriter log)
{

    public async Task<IReadOnlyList<ScaleResult>> RunAsync()
    {
        var results = new List<ScaleResult>();
        foreach (var size in options.Sizes)
        {
            results.Add(await MeasureSizeAsync(size));
        }

        return results;
    }

    private async Task<ScaleResult> MeasureSizeAsync(int pods)
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-scale-");
        try
        {
            await using var cluster = await BenchCluster.StartAsync();
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"));
            var perNamespace = pods / options.Namespaces;
            log.WriteLine($"[{pods} pods] populating {options.Namespaces} namespaces × {perNamespace} pods …");
            var stopwatch = Stopwatch.StartNew();
            var spaces = Enumerable.Range(1, options.Namespaces)
                .Select(i => BenchNamespace.Populate(cluster, $"team-{i:000}", perNamespace, clusterRules: i == 1))
                .ToList();
            var applied = stopwatch.Elapsed;
            foreach (var space in spaces)
            {
                await space.SettleAsync(cluster, TimeSpan.FromMinutes(10));
            }

            var settled = stopwatch.Elapsed;
            log.WriteLine($"[{pods} pods] applied in {applied.TotalSeconds:0.0} s, settled after {settled.TotalSeconds:0.0} s.");

            using var ours = new OurHealthRun(kubeconfig, null);
            var kubectl = new KubectlSequence(options.Kubectl, kubeconfig, dir.FullName, null);
            var samples = await Interleaved.MeasureAsync(options.Warmups, options.Runs, ours.RunAsync, kubectl.RunAsync);
            log.WriteLine($"[{pods} pods] ours {Report.Ms(samples[0].Median)}, kubectl -A {Report.Ms(samples[1].Median)}");

            cluster.ClearRequestLog();
            await ours.RunAsync();
            var requests = RequestCounts.From(cluster.RequestLog);
            var problems = ours.Last!.Results.Where(r => r.Status != HealthStatus.Healthy).ToList();
            var memory = await PeakMemoryChild.MeasureAsync(kubeconfig);
            log.WriteLine($"[{pods} pods] child: peak working set {memory.Peak / 1048576} MiB (before the run {memory.Before / 1048576} MiB).");
            return new ScaleResult
            {
                Pods = pods,
                Namespaces = options.Namespaces,
                Applied = applied,
                Settled = settled,
                Ours = samples[0],
                Kubectl = samples[1],
                KubectlOutputBytes = kubectl.LastOutputBytes,
                Requests = requests,
                Findings = problems.Count,
                ProblemCodes = problems.GroupBy(p => p.Code).Select(g => $"{g.Key} ×{g.Count()}").Order(StringComparer.Ordinal).ToList(),
                ChildPeakBefore = memory.Before,
                ChildPeak = memory.Peak,
                ChildCold = memory.Cold,
            };
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
