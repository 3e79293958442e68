namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// Speed as a scheduled job sees it (issue 14): each run is a fresh process. Per namespace size, interleaved round by round, for each
/// pwsh build (the IL-only dotnet tool and the ReadyToRun copy that stands for PowerShell as released) and each module variant:
/// <c>pwsh -File</c> of an empty script, of <c>Import-Module OpsModule</c>, and of the import plus one <c>Get-OpsHealth</c>; then the
/// runbook's kubectl sequence (one kubectl process per kind). The differences give pwsh start, import and first call.
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

        var toolPwsh = options.Pwsh ?? PwshLauncher.FindDefault();
        var builds = new List<(PwshBuild Build, string Pwsh)>();
        foreach (var build in options.PwshBuilds)
        {
            builds.Add((build, build == PwshBuild.Released ? await PrecompiledPwsh.EnsureAsync(toolPwsh, log) : toolPwsh));
        }

        var work = Directory.CreateTempSubdirectory("opsmodule-process-bench-");
        try
        {
            var modules = new List<(string Label, string Manifest)> { ("published", module) };
            if (options.ModuleIl && ModuleIlCopy.Create(module, work.FullName, log) is { } ilModule)
            {
                modules.Add(("IL only", ilModule));
            }

            log.WriteLine($"pwsh: {string.Join("; ", builds.Select(b => $"{b.Build} {b.Pwsh}"))}; module: {module}; " +
                          $"{options.Warmups} warm-up + {options.Runs} measured rounds per size.");
            var results = new List<ProcessSizeResult>();
            foreach (var pods in options.Sizes)
            {
                results.Add(await MeasureSizeAsync(pods, builds, modules));
            }

            return results;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<ProcessSizeResult> MeasureSizeAsync(
        int pods, IReadOnlyList<(PwshBuild Build, string Pwsh)> builds, IReadOnlyList<(string Label, string Manifest)> modules)
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-process-bench-");
        try
        {
            await using var cluster = await BenchCluster.StartAsync();
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"), @namespace: Namespace);
            var space = BenchNamespace.Populate(cluster, Namespace, pods);
            await space.SettleAsync(cluster, TimeSpan.FromMinutes(3));
            log.WriteLine($"[{pods} pods] settled: {space.Deployments} deployments.");

            var runs = builds.Select(b => BuildRuns.Create(b.Build, new PwshLauncher(b.Pwsh, kubeconfig), modules, dir.FullName, Namespace)).ToList();
            var kubectl = new KubectlSequence(options.Kubectl, kubeconfig, dir.FullName, Namespace);
            var actions = runs.SelectMany(r => r.Scripts()).Select(s => (Func<Task>)s.RunAsync).Append(kubectl.RunAsync).ToArray();
            var samples = await Interleaved.MeasureAsync(options.Warmups, options.Runs, actions);

            var next = 0;
            var measured = new List<PwshResult>();
            foreach (var run in runs)
            {
                measured.Add(run.Result(samples, ref next, options.Warmups));
            }

            var result = new ProcessSizeResult(pods, samples[next], measured);
            foreach (var build in measured)
            {
                log.WriteLine($"[{pods} pods] {build.Build}: start {Report.Ms(build.Start.Median)}, " +
                              string.Join(", ", build.Modules.Select(m => $"{m.Label} module: import {Report.Ms(m.Import.Median)}, job {Report.Ms(m.Job.Median)}")));
            }

            log.WriteLine($"[{pods} pods] kubectl {Report.Ms(result.Kubectl.Median)}");
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The scripts one pwsh build runs in a round: the empty script, then import and job per module variant.</summary>
    private sealed record BuildRuns(PwshBuild Build, RecordedScript Empty, IReadOnlyList<(string Label, RecordedScript Import, RecordedScript Job)> Modules)
    {
        public static BuildRuns Create(PwshBuild build, PwshLauncher launcher, IReadOnlyList<(string Label, string Manifest)> modules, string dir, string ns)
        {
            var variants = modules.Select((m, i) => (m.Label, Scripts: JobScripts.Write(dir, $"{build}-{i}".ToLowerInvariant(), m.Manifest, ns))).ToList();
            return new BuildRuns(
                build,
                new RecordedScript(launcher, variants[0].Scripts.Empty),
                variants.Select(v => (v.Label, new RecordedScript(launcher, v.Scripts.Import), new RecordedScript(launcher, v.Scripts.Job))).ToList());
        }

        public IEnumerable<RecordedScript> Scripts() => Modules.SelectMany(m => new[] { m.Import, m.Job }).Prepend(Empty);

        /// <summary>Takes this build's samples, in <see cref="Scripts"/> order, from <paramref name="next"/> on.</summary>
        public PwshResult Result(IReadOnlyList<Samples> samples, ref int next, int warmups)
        {
            var start = samples[next++];
            var startJit = Empty.Median(warmups, c => c[JobScripts.StartPhase]);
            var modules = new List<ModuleResult>();
            foreach (var (label, import, job) in Modules)
            {
                modules.Add(new ModuleResult(
                    label,
                    samples[next++],
                    samples[next++],
                    import.Median(warmups, c => c[JobScripts.ImportPhase]) - startJit,
                    job.Median(warmups, c => c[JobScripts.CallPhase] - c[JobScripts.ImportPhase]),
                    job.Median(warmups, c => c[JobScripts.CallPhase])));
            }

            return new PwshResult(Build, start, startJit, modules);
        }
    }
}
