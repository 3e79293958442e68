using OpsModule.Core.Errors;

namespace OpsModule.Tests.BlueGreen;

public sealed class BlueGreenInputTests
{
    [Fact]
    public async Task A_missing_service_is_reported_by_name()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false);

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options with { Service = "shop-front" }));

        Assert.Equal("Ops.BlueGreen.ServiceNotFound", error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("'shop-front'", error.Message);
        Assert.Contains("'shop'", error.Message);
    }

    [Fact]
    public async Task A_selector_without_a_colour_key_is_refused_before_anything_changes()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false, serviceSelector: new() { ["app"] = "web" });
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-blue", "color", "blue", 1, "web:1.0"));
        bed.Cluster.Apply(BlueGreenTestBed.Deployment("web-green", "color", "green", 0, "web:1.0"));

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.Options));

        Assert.Equal("Ops.BlueGreen.NoColorKey", error.ErrorId);
        Assert.Contains("app=web", error.Message);
        Assert.Contains("blue, green", error.Message);
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.LockAnnotation());
    }

    [Fact]
    public async Task Both_missing_deployments_are_named()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false);

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.PlanAsync(bed.Options));

        Assert.Equal("Ops.BlueGreen.DeploymentNotFound", error.ErrorId);
        Assert.Contains("'web-blue' and 'web-green'", error.Message);
    }

    [Fact]
    public async Task A_version_value_without_a_target_asks_for_To()
    {
        await using var bed = await BlueGreenTestBed.StartAsync(deployments: false, serviceSelector: new() { ["app"] = "web", ["version"] = "v1" });

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.PlanAsync(bed.Options with { SelectorKey = "version" }));

        Assert.Equal("Ops.BlueGreen.NoTarget", error.ErrorId);
        Assert.Contains("-To", error.Message);
    }
}
