using OpsModule.Core.Health;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks;

/// <summary>
/// Get-OpsHealth vs the runbook's kubectl sequence: same test cluster (https, bearer token), same namespace, same process,
/// measured interleaved round by round so background load hits both alike.
/// </summary>
internal sealed class HealthBenchmark(BenchOptions options, TextWriter log)
{
    private const string Namespace = "bench";

    public async Task<(SizeResult Headline, IReadOnlyList<SizeResult> Series)> RunAsync()
    {
        log.WriteLine($"Headline: {options.Pods} pods; {options.Warmups} warm-up + {options.Runs} measured rounds per size.");
        var headline = await MeasureSizeAsync(options.Pods, headline: true);
        var series = new List<SizeResult>();
        foreach (var size in options.Sizes)
        {
            series.Add(size == options.Pods ? headline : await MeasureSizeAsync(size, headline: false));
        }

        return (headline, series);
    }

    private async Task<SizeResult> MeasureSizeAsync(int pods, bool headline)
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-bench-");
        try
        {
            await using var cluster = await BenchCluster.StartAsync();
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"), @namespace: Namespace);
            log.WriteLine($"[{pods} pods] populating namespace {Namespace} …");
            var setup = System.Diagnostics.Stopwatch.StartNew();
            var space = BenchNamespace.Populate(cluster, Namespace, pods);
            var applied = setup.Elapsed;
            await space.SettleAsync(cluster, TimeSpan.FromMinutes(3));
            log.WriteLine($"[{pods} pods] settled: {space.Deployments} deployments, {space.ExpectedReadyPods} ready pods " +
                          $"(applied in {applied.TotalSeconds:0.0} s, settled after {setup.Elapsed.TotalSeconds:0.0} s).");

            using var ours = new OurHealthRun(kubeconfig, Namespace);
            using var oursReused = new OurHealthRun(kubeconfig, Namespace, reuseClient: true);
            using var oursHttp2 = new OurHealthRun(kubeconfig, Namespace, http2: true);
            var kubectl = new KubectlSequence(options.Kubectl, kubeconfig, dir.FullName, Namespace);
            using var profile = new ListProfile(kubeconfig, Namespace, space.HealthyService);
            TimeSpan? cold = null;
            if (headline)
            {
                // kubectl first, so the server's list paths are warm and only our client is cold: a fresh pwsh running Get-OpsHealth once.
                await kubectl.RunAsync();
                cold = await Interleaved.TimeOnceAsync(ours.RunAsync);
            }

            var withKubectl = headline || options.KubectlAtEverySize;
            var actions = new List<Func<Task>> { ours.RunAsync };
            if (withKubectl) actions.Add(kubectl.RunAsync);
            if (headline)
            {
                actions.Add(() => ours.RunAsync(OurHealthRun.AllButHttp));
                actions.Add(() => ours.RunAsync(HealthCheck.Http));
                actions.Add(new OurFetch(kubeconfig, Namespace).RunAsync);
                actions.Add(oursReused.RunAsync);
                actions.Add(oursHttp2.RunAsync);
                actions.Add(profile.RawPodsAsync);
                actions.Add(profile.TypedPodsAsync);
                actions.Add(profile.ProbeAsync);
            }

            var samples = await Interleaved.MeasureAsync(options.Warmups, options.Runs, actions.ToArray());
            log.WriteLine($"[{pods} pods] ours {Report.Ms(samples[0].Median)}" + (withKubectl ? $", kubectl {Report.Ms(samples[1].Median)}" : ""));

            cluster.ClearRequestLog();
            await ours.RunAsync();
            var requests = RequestCounts.From(cluster.RequestLog);
            RequestCounts? kubectlRequests = null;
            if (withKubectl)
            {
                cluster.ClearRequestLog();
                await kubectl.RunAsync();
                kubectlRequests = RequestCounts.From(cluster.RequestLog);
            }

            var problems = ours.Last!.Results.Where(r => r.Status != HealthStatus.Healthy).ToList();
            return new SizeResult
            {
                Pods = pods,
                Deployments = space.Deployments,
                Ours = samples[0],
                OursCold = cold,
                Kubectl = withKubectl ? samples[1] : null,
                OursWithoutHttp = headline ? samples[2] : null,
                OursHttpOnly = headline ? samples[3] : null,
                OursFetchOnly = headline ? samples[4] : null,
                OursReusedClient = headline ? samples[5] : null,
                OursHttp2 = headline ? samples[6] : null,
                PodsListRaw = headline ? samples[7] : null,
                PodsListTyped = headline ? samples[8] : null,
                OneProbe = headline ? samples[9] : null,
                PodsListBytes = profile.LastRawBytes,
                KubectlOutputBytes = kubectl.LastOutputBytes,
                Requests = requests,
                KubectlRequests = kubectlRequests,
                Findings = problems.Count,
                ProblemCodes = problems.GroupBy(p => p.Code).Select(g => $"{g.Key} ×{g.Count()}").Order(StringComparer.Ordinal).ToList(),
            };
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
