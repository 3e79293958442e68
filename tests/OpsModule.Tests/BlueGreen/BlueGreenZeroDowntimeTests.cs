using OpsModule.Core.BlueGreen;
using OpsModule.Core.Kubernetes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.BlueGreen;

/// <summary>Requests sent through the Service all through a switch: none may fail, whether it switches or rolls back.</summary>
public sealed class BlueGreenZeroDowntimeTests
{
    [Fact]
    public async Task No_request_fails_during_a_switch()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await using var traffic = TrafficProbe.Start(bed);

        var result = await bed.Switcher.SwitchAsync(bed.Options);
        var (sent, failed) = await traffic.StopAsync();

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.True(sent > 5, $"only {sent} requests were sent");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task Only_the_injected_failures_are_seen_during_a_rollback()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await using var traffic = TrafficProbe.Start(bed, path: "/");

        var result = await bed.Switcher.SwitchAsync(bed.Options, p =>
        {
            if (p is { Step: "PatchSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);
            }
        });
        var (sent, failed) = await traffic.StopAsync();

        // The probe asks "/", which green still answers: every failure would be the switch's own doing (no endpoints, dead pod).
        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.True(sent > 5, $"only {sent} requests were sent");
        Assert.Empty(failed);
    }

    private sealed class TrafficProbe : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _failed = [];
        private readonly Task<int> _loop;

        private TrafficProbe(BlueGreenTestBed bed, string path) => _loop = Task.Run(() => RunAsync(bed.Bed.Client, path));

        public static TrafficProbe Start(BlueGreenTestBed bed, string path = "/health") => new(bed, path);

        public async Task<(int Sent, IReadOnlyList<string> Failed)> StopAsync()
        {
            await _stop.CancelAsync();
            var sent = await _loop;
            return (sent, _failed);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task<int> RunAsync(IKubernetesApi api, string path)
        {
            var sent = 0;
            while (!_stop.IsCancellationRequested)
            {
                var response = await api.ProxyGetAsync(ProxyTarget.Service, BlueGreenTestBed.Namespace, "web", "http", path, TimeSpan.FromSeconds(2), CancellationToken.None);
                sent++;
                if (!response.IsSuccess)
                {
                    _failed.Add($"{(int)response.StatusCode} {response.Body}");
                }

                await Task.Delay(5);
            }

            return sent;
        }
    }
}
