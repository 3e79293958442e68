using OpsModule.Tests.Support;
using OpsModule.Core.BlueGreen;
using OpsModule.TestCluster;

namespace OpsModule.Tests.BlueGreen;

/// <summary>-HealthCheck: Get-OpsHealth's checks of the new colour as an extra gate before the switch.</summary>
public sealed class BlueGreenHealthCheckTests
{
    [Fact]
    public async Task Healthy_new_pods_pass_the_health_check_gate()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        // Blue crash-looping (why one would switch) must not fail the gate: only the new colour is judged.
        bed.Cluster.SetPodBehavior(PodMatch.Labels("color=blue"), PodFailure.CrashLoopBackOff);

        var result = await bed.Switcher.SwitchAsync(bed.Options with { HealthCheck = true });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        var gate = result.Steps.Single(s => s.Name == "HealthCheckGate");
        Assert.Equal(BlueGreenStepStatus.Succeeded, gate.Status);
        Assert.Contains("none Critical", gate.Message);
        Assert.Equal(result.Steps.Select(s => s.Name).ToList().IndexOf("PreSwitchGate") + 1, result.Steps.Select(s => s.Name).ToList().IndexOf("HealthCheckGate"));
    }

    [Fact]
    public async Task A_crash_looping_new_pod_fails_the_gate_and_nothing_is_switched()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var result = await bed.Switcher.SwitchAsync(bed.Options with { HealthCheck = true }, new InlineProgress<BlueGreenProgress>(p =>
        {
            // The pods passed the HTTP gate, then start crashing: the health checks must see it.
            if (p is { Step: "PreSwitchGate", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetPodBehavior(PodMatch.Labels("color=green"), PodFailure.CrashLoopBackOff);
            }
        }));

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "HealthCheckGate").Status);
        Assert.Contains("Critical", result.Reason);
        Assert.Contains("PodCrashLoopBackOff", result.Reason);
        Assert.DoesNotContain(result.Steps, s => s.Name == "PatchSelector");
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task Without_the_switch_no_health_checks_run()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.ClearRequestLog();

        var result = await bed.Switcher.SwitchAsync(bed.Options);

        Assert.DoesNotContain(result.Steps, s => s.Name == "HealthCheckGate");
        Assert.DoesNotContain(bed.Cluster.RequestLog, l => l.StartsWith("GET /apis/apps/v1/namespaces/shop/statefulsets", StringComparison.Ordinal));
    }
}
