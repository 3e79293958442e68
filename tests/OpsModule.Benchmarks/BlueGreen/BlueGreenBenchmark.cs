using System.Text.Json.Nodes;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks.BlueGreen;

/// <summary>
/// Zero downtime, measured: traffic through the service proxy during N selector switches (happy path: failed requests), and
/// during switches whose new pods start answering 503 once they took the traffic (time from the first failed request to the
/// selector restored, and to the last failed request).
/// </summary>
internal sealed class BlueGreenBenchmark(BlueGreenBenchOptions options, TextWriter log)
{
    private const string Namespace = "bench";
    private const string Token = "bench-token-not-a-secret";

    public async Task<BlueGreenBenchResult> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-bluegreen-bench-");
        try
        {
            await using var cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = Token, PodReadyDelay = options.PodReadyDelay });
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"), @namespace: Namespace);
            using var api = new KubernetesApiClient(KubernetesClientConfiguration.Load(kubeconfig));
            cluster.Apply(Service());
            cluster.Apply(Deployment("blue", options.Replicas));
            cluster.Apply(Deployment("green", 0));
            await cluster.WaitUntilAsync(c => ReadyEndpoints(c) == options.Replicas, TimeSpan.FromSeconds(30), "blue endpoints");

            var switcher = new BlueGreenSwitcher(api);
            await using var traffic = new TrafficGenerator(api, Namespace, "web", options.Clients);
            var switches = new List<SwitchSample>();
            for (var i = 1; i <= options.Switches; i++)
            {
                var start = DateTimeOffset.UtcNow;
                var sentBefore = traffic.Sent;
                var result = await switcher.SwitchAsync(Options());
                await Task.Delay(200);
                var failures = traffic.FailuresSince(start);
                switches.Add(new SwitchSample(result.From, result.To, result.Status, TimeSpan.FromSeconds(result.DurationSeconds), traffic.Sent - sentBefore, failures.Count,
                    failures.Select(f => f.What).FirstOrDefault()));
                log.WriteLine($"switch {i}: {result.From} -> {result.To} {result.Status} in {result.DurationSeconds:0.0} s, " +
                              $"{traffic.Sent - sentBefore} requests, {failures.Count} failed");
            }

            var rollbacks = new List<RollbackSample>();
            for (var i = 1; i <= options.FailureRuns; i++)
            {
                rollbacks.Add(await FailedSwitchAsync(cluster, switcher, traffic, i));
            }

            return new BlueGreenBenchResult(options, switches, rollbacks);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private async Task<RollbackSample> FailedSwitchAsync(Cluster cluster, BlueGreenSwitcher switcher, TrafficGenerator traffic, int run)
    {
        DateTimeOffset? brokenAt = null;
        DateTimeOffset? restoredAt = null;
        DateTimeOffset? endpointsAt = null;
        string? target = null;
        var start = DateTimeOffset.UtcNow;
        var sentBefore = traffic.Sent;
        var result = await switcher.SwitchAsync(Options(), new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PostSwitchGate", Status: BlueGreenStepStatus.Running })
            {
                // The new colour took traffic and passed its first checks; it breaks a moment later, at a different point of
                // the gate's polling cycle in each run, so detection delay is sampled across the interval.
                target = Current(cluster);
                var color = target;
                _ = Task.Delay(InjectAfter(run)).ContinueWith(_ =>
                {
                    cluster.SetHttpResponse(PodMatch.Labels($"color={color}"), null, 503, "injected failure");
                    brokenAt = DateTimeOffset.UtcNow;
                }, TaskScheduler.Default);
            }
            else if (p is { Step: "RestoreSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                restoredAt = DateTimeOffset.UtcNow;
            }
            else if (p is { Step: "WaitEndpointsRestored", Status: BlueGreenStepStatus.Succeeded })
            {
                endpointsAt = DateTimeOffset.UtcNow;
            }
        }));
        await Task.Delay(500);
        if (target is not null)
        {
            cluster.SetHttpResponse(PodMatch.Labels($"color={target}"), null, 200, "ok");
        }

        var failures = traffic.FailuresSince(start);
        var first = failures.Count > 0 ? failures.Min(f => f.At) : (DateTimeOffset?)null;
        var last = failures.Count > 0 ? failures.Max(f => f.At) : (DateTimeOffset?)null;
        var sample = new RollbackSample(result.Status, failures.Count, failures.Count(f => !f.What.Contains("injected failure", StringComparison.Ordinal)),
            traffic.Sent - sentBefore,
            brokenAt is null || restoredAt is null ? null : restoredAt - brokenAt,
            first is null || restoredAt is null ? null : restoredAt - first,
            first is null || endpointsAt is null ? null : endpointsAt - first,
            first is null ? null : last - first);
        log.WriteLine($"failure run {run}: {result.Status}, {sample.FailedRequests} failed of {sample.Requests} ({sample.OtherFailures} not the injected 503); broken -> selector restored {Seconds(sample.BrokenToSelectorRestored)}; first failure -> selector restored " +
                      $"{Seconds(sample.ToSelectorRestored)}, -> endpoints restored {Seconds(sample.ToEndpointsRestored)}, -> last failure {Seconds(sample.FailureWindow)}");
        return sample;
    }

    /// <summary>1.5 s into the verify window, plus a different fraction of the poll interval per run.</summary>
    private TimeSpan InjectAfter(int run) =>
        TimeSpan.FromSeconds(1.5) + options.VerifyInterval * ((run - 1) * 0.37 % 1.0);

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:0.000} s" : "n/a";

    /// <summary>The runbook script's settings, with a shorter verify window so N switches fit in a minute or two.</summary>
    private BlueGreenOptions Options() => new()
    {
        Namespace = Namespace,
        Service = "web",
        Deployment = "web",
        Timeout = TimeSpan.FromSeconds(60),
        VerifyDuration = options.VerifyDuration,
        VerifyInterval = options.VerifyInterval,
        ScaleDownDelay = TimeSpan.FromSeconds(2),
        LockOwner = "benchmark@bluegreen",
    };

    private static string Current(Cluster cluster) =>
        cluster.Get("v1", "Service", Namespace, "web")!["spec"]!["selector"]!["color"]!.GetValue<string>();

    private static int ReadyEndpoints(Cluster cluster) =>
        (cluster.Get("v1", "Endpoints", Namespace, "web")?["subsets"] as JsonArray ?? [])
            .Sum(s => (s?["addresses"] as JsonArray)?.Count ?? 0);

    private static JsonObject Service() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = "web", ["color"] = "blue" },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" }),
        },
    };

    private static JsonObject Deployment(string color, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = $"web-{color}", ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", ["color"] = color } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web", ["color"] = color } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "web",
                        ["image"] = "web:1.0",
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
                    }),
                },
            },
        },
    };
}

internal sealed record SwitchSample(string From, string To, BlueGreenStatus Status, TimeSpan Duration, long Requests, int FailedRequests, string? FirstFailure);

internal sealed record RollbackSample(
    BlueGreenStatus Status, int FailedRequests, int OtherFailures, long Requests, TimeSpan? BrokenToSelectorRestored, TimeSpan? ToSelectorRestored, TimeSpan? ToEndpointsRestored, TimeSpan? FailureWindow);

internal sealed record BlueGreenBenchResult(BlueGreenBenchOptions Options, IReadOnlyList<SwitchSample> Switches, IReadOnlyList<RollbackSample> Rollbacks);

/// <summary>Reports on the switcher's thread, so the fault is injected exactly when the step completes.</summary>
file sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
