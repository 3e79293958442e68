using OpsModule.Tests.Support;
using OpsModule.Core.BlueGreen;

namespace OpsModule.Tests.BlueGreen;

public sealed class BlueGreenSwitchTests
{
    [Fact]
    public async Task Switches_blue_to_green_and_scales_blue_down()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        var progress = new List<BlueGreenProgress>();

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p => { lock (progress) { progress.Add(p); } }));

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Null(result.Reason);
        Assert.Equal(("blue", "green"), (result.From, result.To));
        Assert.Equal("green", bed.SelectorValue());
        var greenPods = bed.PodNames("app=web,color=green");
        Assert.Equal(2, greenPods.Count);
        Assert.Equal(greenPods, bed.EndpointPods("web"));
        Assert.Equal(0, bed.Replicas("web-blue"));
        Assert.Equal(2, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
        Assert.Equal(
            ["AcquireLock", "ReadActiveColor", "ScaleIdle", "WaitRollout", "PreSwitchGate", "PatchSelector", "WaitEndpoints",
             "PostSwitchGate", "ScaleDownDelay", "ScaleDownPrevious", "ReleaseLock"],
            result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal(BlueGreenStepStatus.Succeeded, s.Status));
        Assert.True(result.Steps.Single(s => s.Name == "ScaleDownDelay").DurationSeconds >= 0.09);
        Assert.True(result.DurationSeconds >= result.Steps.Sum(s => s.DurationSeconds) * 0.99);
        Assert.Equal(result.Steps.Count * 2, progress.Count);
        Assert.All(progress, p => Assert.Equal(result.Steps.Count, p.Total));
    }

    [Fact]
    public async Task Sets_the_image_on_the_idle_deployment_and_keeps_the_previous_colour_when_asked()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Image = "web:2.0", KeepPrevious = true, Replicas = 3 });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal("web:2.0", result.Image);
        var green = bed.Cluster.ListPods(BlueGreenTestBed.Namespace, "app=web,color=green")
            .Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        Assert.Equal(3, green.Count);
        Assert.All(green, p => Assert.Equal("web:2.0", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Equal(BlueGreenStepStatus.Skipped, result.Steps.Single(s => s.Name == "ScaleDownPrevious").Status);
        Assert.Contains(result.Steps, s => s.Name == "SetImage" && s.Status == BlueGreenStepStatus.Succeeded);
    }

    [Fact]
    public async Task Switches_version_style_selectors_with_an_explicit_target()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false, serviceSelector: new() { ["app"] = "web", ["version"] = "v1" });
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-v1", "version", "v1", 1, "web:1.0"));
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-v2", "version", "v2", 0, "web:2.0"));

        var result = await bed.Switcher.SwitchAsync(bed.Options with { SelectorKey = "version", To = "v2", ScaleDownDelay = TimeSpan.Zero });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(("v1", "v2"), (result.From, result.To));
        Assert.Equal("v2", bed.SelectorValue("version"));
        Assert.Equal(bed.PodNames("app=web,version=v2"), bed.EndpointPods("web"));
        Assert.Equal(0, bed.Replicas("web-v1"));
        Assert.DoesNotContain(result.Steps, s => s.Name == "ScaleDownDelay");
    }

    [Fact]
    public async Task Plan_lists_the_steps_and_changes_nothing()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var plan = await bed.Switcher.PlanAsync(bed.Options with { Image = "web:2.0" });

        Assert.Equal(("color", "blue", "green"), (plan.SelectorKey, plan.From, plan.To));
        Assert.Equal(("web-blue", "web-green", 2), (plan.ActiveDeployment, plan.IdleDeployment, plan.Replicas));
        Assert.Equal(
            ["AcquireLock", "ReadActiveColor", "SetImage", "ScaleIdle", "WaitRollout", "PreSwitchGate", "PatchSelector", "WaitEndpoints",
             "PostSwitchGate", "ScaleDownDelay", "ScaleDownPrevious", "ReleaseLock"],
            plan.Steps.Select(s => s.Name));
        Assert.All(plan.Steps, s => Assert.Equal(BlueGreenStepStatus.Planned, s.Status));
        Assert.Contains("blue -> green", plan.Steps.Single(s => s.Name == "PatchSelector").Message);
        var whatIf = plan.Describe();
        Assert.StartsWith("Switch service ", whatIf);
        Assert.Contains("from blue (web-blue) to green (web-green, 2 replicas, image web:2.0)", whatIf);
        Assert.Contains("7. PatchSelector: ", whatIf);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
        Assert.DoesNotContain(bed.Cluster.RequestLog, l => !l.StartsWith("GET ", StringComparison.Ordinal));
    }
}
