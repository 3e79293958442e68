using OpsModule.Tests.Support;
using OpsModule.Core.BlueGreen;
using OpsModule.TestCluster;

namespace OpsModule.Tests.BlueGreen;

public sealed class BlueGreenGateTests
{
    [Fact]
    public async Task An_image_that_never_gets_ready_fails_without_touching_the_service()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("web:broken", PodFailure.ImagePullBackOff);

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Image = "web:broken", Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Contains("not rolled out within 1 s", result.Reason);
        Assert.Contains("ImagePullBackOff", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "WaitRollout").Status);
        Assert.DoesNotContain(result.Steps, s => s.Name == "PatchSelector");
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Contains(result.Steps, s => s.Name == "RestoreIdle" && s.Status == BlueGreenStepStatus.Succeeded);
        var green = bed.Cluster.Get("apps/v1", "Deployment", BlueGreenTestBed.Namespace, "web-green")!;
        Assert.Equal("web:1.0", green["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task KeepFailed_leaves_the_failed_colour_scaled_up()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);

        var result = await bed.Switcher.SwitchAsync(bed.Options with { KeepFailed = true });

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Equal(2, bed.Replicas("web-green"));
        Assert.Equal(BlueGreenStepStatus.Skipped, result.Steps.Single(s => s.Name == "RestoreIdle").Status);
    }

    [Fact]
    public async Task New_pods_answering_503_fail_the_pre_switch_gate()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);

        var result = await bed.Switcher.SwitchAsync(bed.Options);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Contains("answered /health with 503", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "PreSwitchGate").Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(bed.PodNames("app=web,color=blue"), bed.EndpointPods("web"));
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(2, bed.Replicas("web-blue"));
    }

    [Fact]
    public async Task A_503_after_the_switch_rolls_the_selector_back()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PatchSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);
            }
        }));

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.Contains("503 after the switch", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "PostSwitchGate").Status);
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps.Single(s => s.Name == "RestoreSelector").Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps.Single(s => s.Name == "WaitEndpointsRestored").Status);
        Assert.Equal(bed.PodNames("app=web,color=blue"), bed.EndpointPods("web"));
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task Server_errors_and_throttling_on_the_patch_are_retried_and_switch_once()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        static bool SelectorPatch(FaultRequest r) => r.Method == "PATCH" && r.Path.EndsWith("/services/web", StringComparison.Ordinal);
        bed.Cluster.Faults.FailNext(2, 500, SelectorPatch);
        bed.Cluster.Faults.ThrottleNext(1, retryAfterSeconds: 0, SelectorPatch);
        bed.Cluster.ClearRequestLog();

        var result = await bed.Switcher.SwitchAsync(bed.Options);

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(3, bed.Cluster.Faults.Fired);
        Assert.Equal("green", bed.SelectorValue());
        Assert.Single(result.Steps, s => s.Name == "PatchSelector");
        Assert.DoesNotContain(result.Steps, s => s.Name == "RestoreSelector");
        // 3 refused + 1 applied selector patch, then the lock release: the selector was written once.
        Assert.Equal(5, bed.Cluster.RequestLog.Count(l => l.StartsWith("PATCH ", StringComparison.Ordinal) && l.Contains("/services/web", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_patch_that_keeps_failing_fails_the_switch_and_restores_the_idle_colour()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.Faults.FailNext(5, 500, r => r.Method == "PATCH" && r.Path.EndsWith("/services/web", StringComparison.Ordinal));

        var result = await bed.Switcher.SwitchAsync(bed.Options);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "PatchSelector").Status);
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps.Single(s => s.Name == "RestoreSelector").Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(2, bed.Replicas("web-blue"));
    }

    [Fact]
    public async Task When_the_selector_cannot_be_restored_the_new_colour_is_left_running()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.Faults.FailNext(10, 500, r => r.Method == "PATCH" && r.Path.EndsWith("/services/web", StringComparison.Ordinal));

        var result = await bed.Switcher.SwitchAsync(bed.Options);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Contains("rolling back failed", result.Reason);
        Assert.Contains("web-green was left running", result.Reason);
        Assert.Equal(2, bed.Replicas("web-green"));
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.DoesNotContain(result.Steps, s => s.Name == "RestoreIdle");
    }
}
