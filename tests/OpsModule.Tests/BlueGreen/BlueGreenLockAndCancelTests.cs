using OpsModule.Tests.Support;
using System.Text.Json.Nodes;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Errors;
using OpsModule.TestCluster;

namespace OpsModule.Tests.BlueGreen;

public sealed class BlueGreenLockAndCancelTests
{
    [Fact]
    public async Task A_second_switch_on_the_same_service_is_refused_while_the_first_runs()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        var rolling = new TaskCompletionSource();
        var first = Task.Run(() => bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "WaitRollout", Status: BlueGreenStepStatus.Running })
            {
                rolling.TrySetResult();
            }
        })));
        await rolling.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options with { LockOwner = "someone-else" }));

        Assert.Equal("Ops.BlueGreen.LockHeld", error.ErrorId);
        Assert.Contains("test@bluegreen", error.Message);
        var result = await first;
        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal("green", bed.SelectorValue());
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task A_stale_lock_is_taken_only_with_force()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        SetLock(bed, "crashed@ci", DateTimeOffset.UtcNow.AddMinutes(-10));

        var refused = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options));
        Assert.Contains("-Force", refused.Message);
        Assert.Equal(0, bed.Replicas("web-green"));

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Force = true });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Contains("crashed@ci", result.Steps.Single(s => s.Name == "AcquireLock").Message);
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task A_fresh_lock_is_not_taken_even_with_force()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        SetLock(bed, "colleague@laptop", DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options with { Force = true }));

        Assert.Equal(OpsErrorCategory.ResourceBusy, error.Category);
        Assert.NotNull(bed.LockAnnotation());
    }

    [Fact]
    public async Task Cancelling_during_the_rollout_restores_the_idle_deployment()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("web:slow", PodFailure.ImagePullBackOff);
        using var cancel = new CancellationTokenSource();

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Image = "web:slow" }, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "WaitRollout", Status: BlueGreenStepStatus.Running })
            {
                cancel.CancelAfter(100);
            }
        }), cancel.Token);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.True(result.Cancelled);
        Assert.Equal("cancelled during WaitRollout", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Cancelled, result.Steps.Single(s => s.Name == "WaitRollout").Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task Cancelling_after_the_patch_puts_the_old_colour_back()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        using var cancel = new CancellationTokenSource();

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PatchSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                cancel.Cancel();
            }
        }), cancel.Token);

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.True(result.Cancelled);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
    }

    /// <summary>
    /// Ctrl+C in the middle of each step: every API request is held up by the test cluster once the step starts, so the cancel lands
    /// inside the step (mid-request, or mid-wait). Whatever the step, the Service selects blue again, green is back at 0 replicas,
    /// blue at 2, the lock is gone, and the result says which step was cancelled.
    /// </summary>
    [Theory]
    [InlineData("AcquireLock", BlueGreenStatus.Failed)]
    [InlineData("ReadActiveColor", BlueGreenStatus.Failed)]
    [InlineData("SetImage", BlueGreenStatus.Failed)]
    [InlineData("ScaleIdle", BlueGreenStatus.Failed)]
    [InlineData("WaitRollout", BlueGreenStatus.Failed)]
    [InlineData("PreSwitchGate", BlueGreenStatus.Failed)]
    [InlineData("HealthCheckGate", BlueGreenStatus.Failed)]
    [InlineData("PatchSelector", BlueGreenStatus.Failed)]
    [InlineData("WaitEndpoints", BlueGreenStatus.RolledBack)]
    [InlineData("PostSwitchGate", BlueGreenStatus.RolledBack)]
    [InlineData("ScaleDownDelay", BlueGreenStatus.RolledBack)]
    public async Task Cancelling_in_the_middle_of_any_step_leaves_a_consistent_state(string step, BlueGreenStatus expected)
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        using var cancel = new CancellationTokenSource();
        // Once cancelled, requests run at full speed again so the clean-up is not slowed down.
        cancel.Token.Register(() => bed.Cluster.Faults.Clear());
        var options = bed.Options with { Image = "web:2.0", HealthCheck = true, ScaleDownDelay = TimeSpan.FromSeconds(5) };

        var result = await bed.Switcher.SwitchAsync(options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p.Step == step && p.Status == BlueGreenStepStatus.Running)
            {
                bed.Cluster.Faults.AddLatency(TimeSpan.FromSeconds(5));
                cancel.CancelAfter(60);
            }
        }), cancel.Token);

        Assert.Equal(expected, result.Status);
        Assert.True(result.Cancelled);
        Assert.Equal($"cancelled during {step}", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Cancelled, result.Steps.Single(s => s.Name == step).Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Equal(0, bed.Replicas("web-green"));
        var green = bed.Cluster.Get("apps/v1", "Deployment", BlueGreenTestBed.Namespace, "web-green")!;
        Assert.Equal("web:1.0", green["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(bed.LockAnnotation());
        Assert.Null(bed.SwitchRecord());
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps[^1].Status);
        Assert.Equal("ReleaseLock", result.Steps[^1].Name);
    }

    [Fact]
    public async Task Cancelling_while_the_lock_is_being_written_leaves_no_lock()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        using var cancel = new CancellationTokenSource();
        cancel.Token.Register(() => bed.Cluster.Faults.Clear());
        bed.Cluster.Faults.AddLatency(TimeSpan.FromSeconds(5), r => r.Method == "PUT" && r.Path.EndsWith("/services/web", StringComparison.Ordinal));

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "AcquireLock", Status: BlueGreenStepStatus.Running })
            {
                cancel.CancelAfter(300);
            }
        }), cancel.Token);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Equal("cancelled during AcquireLock", result.Reason);
        Assert.Contains(bed.Cluster.RequestLog, l => l.StartsWith("PUT ", StringComparison.Ordinal));
        Assert.Null(bed.LockAnnotation());
        Assert.Equal("no lock of ours to release", result.Steps.Single(s => s.Name == "ReleaseLock").Message);
        Assert.Equal(0, bed.Replicas("web-green"));
    }

    private static void SetLock(BlueGreenTestBed bed, string owner, DateTimeOffset since)
    {
        var service = bed.Cluster.Get("v1", "Service", BlueGreenTestBed.Namespace, "web")!;
        service["metadata"]!["annotations"] = new JsonObject
        {
            [BlueGreenTestBed.ServiceLockKey] = new JsonObject { ["owner"] = owner, ["runId"] = "other", ["since"] = since.ToString("o") }.ToJsonString(),
        };
        bed.Cluster.Apply(service);
    }
}
