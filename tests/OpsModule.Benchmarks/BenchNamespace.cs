using System.Diagnostics;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;
using OpsModule.Tests.Health;

namespace OpsModule.Benchmarks;

/// <summary>
/// One namespace of <c>deployments × 5</c> pods, a Service per deployment, and per ten deployments an Ingress and an HPA,
/// per twenty a PVC. A fixed handful is broken so the verdict has findings: a CrashLoopBackOff deployment, an
/// ImagePullBackOff deployment, an app whose /ready answers 503, a Service whose selector has a typo, an Ingress
/// naming a missing TLS secret, an HPA at its maximum, a Pending PVC.
/// </summary>
internal sealed class BenchNamespace
{
    public const int ReplicasPerDeployment = 5;
    private const int BrokenDeployments = 2;

    private BenchNamespace(string name, int deployments)
    {
        Name = name;
        Deployments = deployments;
    }

    public string Name { get; }

    public int Deployments { get; }

    public int Pods => Deployments * ReplicasPerDeployment;

    /// <summary>A Service whose pods all answer 200 (the last app; the broken ones are the first four).</summary>
    public string HealthyService => AppName(Deployments);

    public int ExpectedReadyPods => (Deployments - BrokenDeployments) * ReplicasPerDeployment;

    /// <param name="clusterRules">Registers the cluster-wide behaviors (all pods answer 200, the broken images); once per cluster is enough.</param>
    public static BenchNamespace Populate(Cluster cluster, string name, int pods, bool clusterRules = true)
    {
        if (pods % ReplicasPerDeployment != 0 || pods < 10)
        {
            throw new ArgumentException($"--pods must be a multiple of {ReplicasPerDeployment} and at least 10 (got {pods}).");
        }

        var space = new BenchNamespace(name, pods / ReplicasPerDeployment);
        if (clusterRules)
        {
            cluster.SetHttpResponse(PodMatch.Any, null, 200, "ok");
            cluster.SetImageBehavior(ImageOf(1), new PodBehavior { Failure = PodFailure.CrashLoopBackOff, RestartCount = 7 });
            cluster.SetImageBehavior(ImageOf(2), PodFailure.ImagePullBackOff);
        }

        cluster.SetHttpResponse(PodMatch.Labels($"app={AppName(3)}", name), "/ready", 503, "database not reachable");
        for (var i = 1; i <= space.Deployments; i++)
        {
            space.ApplyApp(cluster, i);
        }

        return space;
    }

    /// <summary>Waits until every pod exists and every healthy one is Ready, so each measured run reads the same state.</summary>
    public async Task SettleAsync(Cluster cluster, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var pods = cluster.ListPods(Name);
            var ready = pods.Count(IsReady);
            if (pods.Count == Pods && ready == ExpectedReadyPods)
            {
                return;
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name}: {pods.Count}/{Pods} pods, {ready}/{ExpectedReadyPods} ready after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250);
        }
    }

    private void ApplyApp(Cluster cluster, int i)
    {
        var app = AppName(i);
        cluster.Apply(RunbookApps.Deployment(Name, app, ReplicasPerDeployment, ImageOf(i), probes: true));
        var selected = i == 4 ? "app-04" : app; // the typo: a Service selecting no pod
        cluster.Apply(RunbookApps.Service(Name, app, new() { ["app"] = selected }, "http"));
        if (i % 10 == 0)
        {
            cluster.Apply(RunbookApps.Ingress(Name, app, app, i == 10 ? $"{app}-tls" : null, address: "20.50.1.7"));
        }

        if (i % 10 == 5)
        {
            var atMaximum = i == 5;
            cluster.Apply(RunbookApps.Hpa(Name, app, app, 2, atMaximum ? ReplicasPerDeployment : 10, ReplicasPerDeployment, scalingActive: true));
        }

        if (i % 20 == 0)
        {
            cluster.Apply(RunbookApps.Claim(Name, $"{app}-data", i == 20 ? "Pending" : "Bound"));
        }
    }

    private static string AppName(int i) => $"app-{i:000}";

    private static string ImageOf(int i) => i switch
    {
        1 => "bench/crashing:1.0",
        2 => "bench/missing:9.9",
        _ => $"bench/{AppName(i)}:1.0",
    };

    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => (string?)c?["type"] == "Ready" && (string?)c["status"] == "True");
}
