using OpsModule.Tests.Support;
using System.Text.Json.Nodes;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Errors;

namespace OpsModule.Tests.BlueGreen;

/// <summary>-Rollback: back to the colour the last switch came from, as recorded on the Service.</summary>
public sealed class BlueGreenRollbackTests
{
    [Fact]
    public async Task A_switch_records_what_it_did_on_the_service()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        await bed.Switcher.SwitchAsync(bed.Options);

        var record = JsonNode.Parse(bed.SwitchRecord()!)!;
        Assert.Equal("blue", record["from"]!.GetValue<string>());
        Assert.Equal("green", record["to"]!.GetValue<string>());
        Assert.Equal("web-blue", record["fromDeployment"]!.GetValue<string>());
        Assert.Equal("web-green", record["toDeployment"]!.GetValue<string>());
        Assert.Equal(2, record["fromReplicas"]!.GetValue<int>());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(record["at"]!.GetValue<string>()) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Rollback_scales_the_previous_colour_back_up_and_switches_to_it()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false);
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-blue", "color", "blue", 3, "web:1.0"));
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-green", "color", "green", 0, "web:1.0"));
        await bed.Cluster.WaitUntilAsync(_ => bed.EndpointPods("web").Count == 3, TimeSpan.FromSeconds(5), "blue endpoints");
        await bed.Switcher.SwitchAsync(bed.Options with { Replicas = 2 });
        Assert.Equal((0, 2), (bed.Replicas("web-blue"), bed.Replicas("web-green")));

        // No deployment names given: the record says which deployment and how many replicas to go back to.
        var result = await bed.Switcher.SwitchAsync(bed.Options with { Rollback = true, Deployment = null });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(("green", "blue"), (result.From, result.To));
        Assert.Contains("as recorded by the switch at", result.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(3, bed.Replicas("web-blue"));
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(bed.PodNames("app=web,color=blue"), bed.EndpointPods("web"));
        var record = JsonNode.Parse(bed.SwitchRecord()!)!;
        Assert.Equal(("green", "blue", 2), (record["from"]!.GetValue<string>(), record["to"]!.GetValue<string>(), record["fromReplicas"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Rollback_of_a_kept_previous_colour_needs_no_scale_up()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await bed.Switcher.SwitchAsync(bed.Options with { KeepPrevious = true });
        var bluePods = bed.PodNames("app=web,color=blue");

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Rollback = true, KeepPrevious = true });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(bluePods, bed.PodNames("app=web,color=blue"));
        Assert.Equal(bluePods, bed.EndpointPods("web"));
        Assert.Equal(2, bed.Replicas("web-green"));
    }

    [Fact]
    public async Task Without_a_record_rollback_goes_to_the_other_colour()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false, serviceSelector: new() { ["app"] = "web", ["color"] = "green" });
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-blue", "color", "blue", 0, "web:1.0"));
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-green", "color", "green", 2, "web:1.0"));

        var result = await bed.Switcher.SwitchAsync(bed.Options with { Rollback = true });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Contains("no switch to green was recorded", result.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Equal("blue", bed.SelectorValue());
        Assert.Equal(2, bed.Replicas("web-blue"));
    }

    [Fact]
    public async Task Without_a_record_a_version_selector_cannot_be_rolled_back()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false, serviceSelector: new() { ["app"] = "web", ["version"] = "v2" });

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options with { Rollback = true, SelectorKey = "version" }));

        Assert.Equal("Ops.BlueGreen.NoRollbackTarget", error.ErrorId);
        Assert.Contains("-To", error.RecommendedAction);
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task A_rolled_back_switch_leaves_the_previous_record_in_place()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await bed.Switcher.SwitchAsync(bed.Options with { KeepPrevious = true });
        var before = bed.SwitchRecord();

        var result = await bed.Switcher.SwitchAsync(bed.Options, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "PatchSelector", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetHttpResponse(TestCluster.PodMatch.Labels("color=blue"), "/health", 503);
            }
        }));

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.Equal("green", bed.SelectorValue());
        Assert.Equal(before, bed.SwitchRecord());
    }

    [Fact]
    public async Task Rollback_takes_no_image_or_target()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options with { Rollback = true, Image = "web:2.0" }));

        Assert.Equal("Ops.BlueGreen.InvalidOptions", error.ErrorId);
        Assert.Equal(0, bed.Replicas("web-green"));
    }

    [Fact]
    public async Task Rollback_plan_names_the_recorded_colour()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        await bed.Switcher.SwitchAsync(bed.Options);

        var plan = await bed.Switcher.PlanAsync(bed.Options with { Rollback = true });

        Assert.Equal(("green", "blue", 2), (plan.From, plan.To, plan.Replicas));
        Assert.Contains("roll back to blue (web-blue, as recorded at", plan.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Contains("scale web-blue from 0 to 2", plan.Steps.Single(s => s.Name == "ScaleIdle").Message);
    }
}
