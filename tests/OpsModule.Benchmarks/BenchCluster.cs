using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks;

/// <summary>The cluster the health-style benchmarks measure against: https, a bearer token (as a real API server asks), pods Ready 10 ms after start.</summary>
internal static class BenchCluster
{
    private const string Token = "bench-token-not-a-secret";

    public static Task<Cluster> StartAsync() => Cluster.StartAsync(new TestClusterOptions
    {
        Https = true,
        RequiredToken = Token,
        PodReadyDelay = TimeSpan.FromMilliseconds(10),
    });
}
