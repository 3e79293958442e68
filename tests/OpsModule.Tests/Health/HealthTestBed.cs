using OpsModule.Core.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Health;

/// <summary>Runs the health checker against a test cluster, optionally with the clock moved ahead to age pods past a threshold.</summary>
internal sealed class HealthTestBed : IAsyncDisposable
{
    private readonly ClientTestBed _bed;

    private HealthTestBed(ClientTestBed bed) => _bed = bed;

    public OpsModule.TestCluster.TestCluster Cluster => _bed.Cluster;

    public static async Task<HealthTestBed> StartAsync() =>
        new(await ClientTestBed.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(10) }));

    public async Task<HealthRun> RunAsync(HealthOptions options, TimeSpan? clockAhead = null)
    {
        var clock = new ShiftedClock(clockAhead ?? TimeSpan.Zero);
        return await new HealthChecker(_bed.Client, clock).RunAsync(options, null, CancellationToken.None);
    }

    public Task<HealthRun> RunAsync(string ns, params HealthCheck[] checks) =>
        RunAsync(new HealthOptions { Namespaces = [ns], Checks = checks.ToHashSet() });

    public Task SettleAsync(string ns, string selector, int readyPods) =>
        Cluster.WaitUntilAsync(c => TestClusterFidelity.Manifests.ReadyPods(c, ns, selector) == readyPods, TimeSpan.FromSeconds(10), $"{readyPods} ready pods for {selector}");

    /// <summary>Waits until a pod in <paramref name="ns"/> shows <paramref name="state"/> (e.g. CrashLoopBackOff) anywhere in its status.</summary>
    public Task WaitForPodStateAsync(string ns, string state) =>
        Cluster.WaitUntilAsync(c => c.ListPods(ns).Any(p => p["status"]?.ToJsonString().Contains(state, StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(10), $"a pod in {ns} showing {state}");

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private sealed class ShiftedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}

internal static class HealthRunExtensions
{
    public static IReadOnlyList<OpsHealthResult> Problems(this HealthRun run) => run.Results.Where(r => r.Status != HealthStatus.Healthy).ToList();

    public static OpsHealthResult Single(this HealthRun run, string code) =>
        Assert.Single(run.Results, r => r.Code == code);
}
