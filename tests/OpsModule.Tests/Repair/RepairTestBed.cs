using System.Text.Json.Nodes;
using OpsModule.Core.Health;
using OpsModule.Core.Repair;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.TestClusterFidelity;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Repair;

/// <summary>A test cluster, our client, and repair runs (plan, then execute every planned action, as -Confirm:$false does) with a movable clock.</summary>
internal sealed class RepairTestBed : IAsyncDisposable
{
    private readonly ClientTestBed _bed;

    private RepairTestBed(ClientTestBed bed) => _bed = bed;

    public OpsModule.TestCluster.TestCluster Cluster => _bed.Cluster;

    public List<string> Trace => _bed.Trace;

    /// <summary>How far ahead of the real time the repair runs' clock is (to age pods and cooldowns).</summary>
    public TimeSpan ClockAhead { get; set; }

    public static async Task<RepairTestBed> StartAsync() =>
        new(await ClientTestBed.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(10) }));

    /// <summary>A deployment <paramref name="name"/> (label app=name) whose pods behave as <paramref name="behavior"/>, once they all exist.</summary>
    public async Task<IReadOnlyList<string>> DeployAsync(string name, int replicas, PodBehavior? behavior = null, Action<JsonObject>? edit = null, string ns = "default")
    {
        if (behavior is not null) Cluster.SetPodBehavior(PodMatch.Labels($"app={name}", ns), behavior);
        var deployment = Manifests.Deployment(name, replicas, ns: ns);
        edit?.Invoke(deployment);
        Cluster.Apply(deployment);
        await Cluster.WaitUntilAsync(c => c.ListPods(ns, $"app={name}").Count(p => p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() != "ContainerCreating"
            && p["status"]?["containerStatuses"] is not null) == replicas, TimeSpan.FromSeconds(10), $"{replicas} started pods of {name}");
        return PodNames(name, ns);
    }

    public IReadOnlyList<string> PodNames(string app, string ns = "default") =>
        Cluster.ListPods(ns, $"app={app}").Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<OpsRepairResult>> RunAsync(RepairOptions? options = null, string ns = "default", string? selector = null)
    {
        var repairer = Repairer(options);
        var run = await repairer.FindAsync([ns], selector, null, CancellationToken.None);
        return await RepairAsync(repairer, run.Results.Where(r => r.Status != HealthStatus.Healthy));
    }

    public HealthRepairer Repairer(RepairOptions? options = null) => new(_bed.Client, options ?? new RepairOptions(), new ShiftedClock(ClockAhead));

    public static async Task<IReadOnlyList<OpsRepairResult>> RepairAsync(HealthRepairer repairer, IEnumerable<OpsHealthResult> findings)
    {
        var results = new List<OpsRepairResult>();
        foreach (var finding in findings)
        {
            var plan = await repairer.PlanAsync(finding, CancellationToken.None);
            results.Add(await repairer.ExecuteAsync(plan, CancellationToken.None));
        }

        return results;
    }

    public JsonObject Deployment(string name, string ns = "default") => Cluster.Get("apps/v1", "Deployment", ns, name)!;

    public int Evictions() => Cluster.RequestLog.Count(line => line.Contains("POST", StringComparison.Ordinal) && line.Contains("/eviction", StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private sealed class ShiftedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
