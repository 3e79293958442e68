using OpsModule.Tests.Support;
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
        await traffic.WaitForTrafficAsync();

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
        await traffic.WaitForTrafficAsync();

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PatchSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);
            }
        }));
        var (sent, failed) = await traffic.StopAsync();

        // The probe asks "/", which green still answers: every failure would be the switch's own doing (no endpoints, dead pod).
        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.True(sent > 5, $"only {sent} requests were sent");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task Traffic_is_back_on_the_old_colour_within_5_s_of_an_injected_post_switch_failure()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await using var traffic = TrafficProbe.Start(bed, path: "/");
        await traffic.WaitForTrafficAsync();
        DateTimeOffset? brokenAt = null;
        DateTimeOffset? restoredAt = null;
        // Production polling (1 s) and a long verify window: the failure must be acted on when seen, not at the end of the window.
        var options = bed.Options with { VerifyInterval = TimeSpan.FromSeconds(1), VerifyDuration = TimeSpan.FromSeconds(20) };

        var result = await bed.Switcher.SwitchAsync(options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PostSwitchGate", Status: BlueGreenStepStatus.Running })
            {
                // Green serves for a while (passing the gate's first polls), then breaks.
                _ = Task.Delay(1300).ContinueWith(_ =>
                {
                    bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), null, 503, "broken release");
                    brokenAt = DateTimeOffset.UtcNow;
                }, TaskScheduler.Default);
            }

            if (p is { Step: "RestoreSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                restoredAt = DateTimeOffset.UtcNow;
            }
        }));
        await Task.Delay(200);
        var (sent, failed) = await traffic.StopAsync();

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.Contains("answered /health with 503 after the switch", result.Reason);
        Assert.NotNull(brokenAt);
        Assert.NotNull(restoredAt);
        Assert.True(restoredAt - brokenAt < TimeSpan.FromSeconds(5), $"selector restored {(restoredAt - brokenAt)?.TotalSeconds:0.00} s after green broke");
        // What the users saw: only the broken release's own answers, and none once the selector was back (plus in-flight slack).
        Assert.All(failed, f => Assert.Contains("broken release", f));
        Assert.All(traffic.FailureTimes, t => Assert.True(t - brokenAt < TimeSpan.FromSeconds(5), $"a request failed {(t - brokenAt)?.TotalSeconds:0.00} s after green broke"));
        Assert.True(sent > 5, $"only {sent} requests were sent");
    }

    private sealed class TrafficProbe : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _failed = [];
        private readonly List<DateTimeOffset> _failureTimes = [];

        public IReadOnlyList<DateTimeOffset> FailureTimes => _failureTimes;
        private readonly Task<int> _loop;
        private int _sent;

        private TrafficProbe(BlueGreenTestBed bed, string path) => _loop = Task.Run(() => RunAsync(bed.Bed.Client, path));

        public static TrafficProbe Start(BlueGreenTestBed bed, string path = "/health") => new(bed, path);

        /// <summary>Until requests are flowing: a switch (or rollback) can now be quicker than the probe's first few requests.</summary>
        public async Task WaitForTrafficAsync(int requests = 6)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (Volatile.Read(ref _sent) < requests)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

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
            while (!_stop.IsCancellationRequested)
            {
                var response = await api.ProxyGetAsync(ProxyTarget.Service, BlueGreenTestBed.Namespace, "web", "http", path, TimeSpan.FromSeconds(2), CancellationToken.None);
                Interlocked.Increment(ref _sent);
                if (!response.IsSuccess)
                {
                    _failed.Add($"{(int)response.StatusCode} {response.Body}");
                    _failureTimes.Add(DateTimeOffset.UtcNow);
                }

                await Task.Delay(5);
            }

            return Volatile.Read(ref _sent);
        }
    }
}
