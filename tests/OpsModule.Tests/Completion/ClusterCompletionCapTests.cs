using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpsModule.Core.Completion;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Completion;

/// <summary>The 2 s cap on a whole completion, against servers that refuse or never answer.</summary>
public sealed class ClusterCompletionCapTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string KubeConfigFor(int port) => _dir.Write($"kubeconfig-{port}", $$"""
        apiVersion: v1
        kind: Config
        current-context: c
        clusters:
        - name: c
          cluster: { server: "https://127.0.0.1:{{port}}", insecure-skip-tls-verify: true }
        users:
        - name: u
          user: { token: t }
        contexts:
        - name: c
          context: { cluster: c, user: u, namespace: shop }
        """);

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_gives_nothing_at_the_cap()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        });
        var kubeConfig = KubeConfigFor(((IPEndPoint)listener.LocalEndpoint).Port);

        var clock = Stopwatch.StartNew();
        var candidates = ArgumentCompletion.ClusterNames(ClusterNameKind.Service, new ClusterLookup(kubeConfig), "");
        clock.Stop();

        Assert.Empty(candidates);
        Assert.InRange(clock.Elapsed, CappedCompletion.DefaultCap - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
        lock (accepted)
        {
            Assert.NotEmpty(accepted); // it did connect and wait: the cap, not a refusal, ended it
            accepted.ForEach(s => s.Dispose());
        }

        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
    }

    [Fact]
    public void A_port_nobody_listens_on_gives_nothing_without_waiting_for_the_cap()
    {
        var kubeConfig = KubeConfigFor(CompletionClusterFixture.ClosedPort());

        var clock = Stopwatch.StartNew();
        var candidates = ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, new ClusterLookup(kubeConfig), "");
        clock.Stop();

        Assert.Empty(candidates);
        Assert.True(clock.Elapsed < CappedCompletion.DefaultCap, $"a refused connection took {clock.Elapsed.TotalMilliseconds:0} ms: retried instead of giving up");
    }

    [Fact]
    public void Contexts_are_read_from_the_kubeconfig_alone_even_when_no_cluster_answers()
    {
        var kubeConfig = KubeConfigFor(CompletionClusterFixture.ClosedPort());

        var clock = Stopwatch.StartNew();
        var context = Assert.Single(ArgumentCompletion.Contexts(kubeConfig, ""));
        clock.Stop();

        Assert.Equal("c", context.CompletionText);
        Assert.Equal("Context c: cluster c, namespace shop (current)", context.ToolTip);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"reading contexts took {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
