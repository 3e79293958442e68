using OpsModule.Tests.Support;
using System.Text.Json.Nodes;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Errors;
using OpsModule.TestCluster;

namespace OpsModule.Tests.BlueGreen;

/// <summary>Istio weight mode: the VoiceHelper runbook's 50/50 → 20/80 → 0/100, with a gate before each step.</summary>
public sealed class BlueGreenIstioTests
{
    [Fact]
    public async Task Shifts_weights_50_80_100_with_a_timed_step_each_and_retires_blue()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();
        var seen = new List<IReadOnlyDictionary<string, int>>();

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p.Step.StartsWith("Weight", StringComparison.Ordinal) && p.Status == BlueGreenStepStatus.Succeeded)
            {
                seen.Add(bed.Weights());
            }
        }));

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(("blue", "green", "web"), (result.From, result.To, result.VirtualService));
        Assert.Equal([50, 80, 100], seen.Select(w => w["green"]));
        Assert.Equal([50, 20, 0], seen.Select(w => w["blue"]));
        Assert.Equal(
            ["AcquireLock", "ReadActiveColor", "ScaleIdle", "WaitRollout", "PreSwitchGate", "Weight50", "Weight80", "Weight100",
             "ScaleDownDelay", "ScaleDownPrevious", "ReleaseLock"],
            result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal(BlueGreenStepStatus.Succeeded, s.Status));
        // Each step holds for the step interval (the last one for the verify duration) while it watches the new pods.
        Assert.All(result.Steps.Where(s => s.Name.StartsWith("Weight", StringComparison.Ordinal)),
            s => Assert.True(s.DurationSeconds >= 0.14, $"{s.Name} took {s.DurationSeconds} s"));
        Assert.Contains("green 80 % / blue 20 %", result.Steps.Single(s => s.Name == "Weight80").Message);
        Assert.Contains("by subset", result.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Equal(0, bed.Replicas("web-blue"));
        Assert.Equal(2, bed.Replicas("web-green"));
        Assert.Null(bed.VirtualServiceLock());
        Assert.Equal("blue", bed.SelectorValue()); // weight mode never touches the Service
        Assert.Contains(bed.Cluster.RequestLog, l => l.StartsWith("PUT /apis/networking.istio.io/v1/namespaces/shop/virtualservices/web", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gate_failing_at_the_second_step_puts_all_traffic_back_on_blue()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "Weight50", Status: BlueGreenStepStatus.Succeeded })
            {
                bed.Cluster.SetHttpResponse(PodMatch.Labels("color=green"), "/health", 503);
            }
        }));

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.Contains("answered /health with 503", result.Reason);
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps.Single(s => s.Name == "Weight50").Status);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "Weight80").Status);
        Assert.DoesNotContain(result.Steps, s => s.Name == "Weight100");
        Assert.Equal(BlueGreenStepStatus.Succeeded, result.Steps.Single(s => s.Name == "RestoreWeights").Status);
        Assert.Equal(100, bed.Weights()["blue"]);
        Assert.Equal(0, bed.Weights()["green"]);
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Equal(2, bed.Replicas("web-blue"));
        Assert.Null(bed.VirtualServiceLock());
    }

    [Fact]
    public async Task Routes_by_host_through_v1beta1_when_v1_is_not_served_and_gates_on_the_colour_service()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService("networking.istio.io/v1beta1", byHost: true);
        static bool V1(FaultRequest r) =>
            r.Path == "/apis/networking.istio.io/v1" || r.Path.StartsWith("/apis/networking.istio.io/v1/", StringComparison.Ordinal);
        bed.Cluster.Faults.FailNext(10_000, 404, V1);
        bed.Cluster.ClearRequestLog();

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions with { TrafficSteps = [50, 100] });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(100, bed.Weights()["green"]);
        Assert.Contains("networking.istio.io/v1beta1", result.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Contains("by host", result.Steps.Single(s => s.Name == "ReadActiveColor").Message);
        Assert.Contains("Service web-green answered", result.Steps.Single(s => s.Name == "Weight50").Message);
        var writes = bed.Cluster.RequestLog.Where(l => !l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains("virtualservices", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, l => Assert.Contains("/apis/networking.istio.io/v1beta1/", l));
    }

    [Fact]
    public async Task The_colour_service_failing_fails_the_gate_before_any_traffic_moves()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService(byHost: true);
        // The green pods answer, but the green Service selects none of them: a broken colour Service stops the shift.
        var service = bed.Cluster.Get("v1", "Service", BlueGreenTestBed.Namespace, "web-green")!;
        service["spec"]!["selector"] = new JsonObject { ["app"] = "nothing" };
        bed.Cluster.Apply(service);

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions);

        Assert.Equal(BlueGreenStatus.Failed, result.Status);
        Assert.Equal(BlueGreenStepStatus.Failed, result.Steps.Single(s => s.Name == "Weight50").Status);
        Assert.Contains("Service 'web-green' answered /health with 503", result.Reason);
        Assert.DoesNotContain(result.Steps, s => s.Name == "RestoreWeights");
        Assert.Equal(100, bed.Weights()["blue"]);
        Assert.Equal(0, bed.Replicas("web-green"));
    }

    [Fact]
    public async Task The_health_checks_gate_every_weight_step()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions with { HealthCheck = true, TrafficSteps = [50, 100] });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.All(result.Steps.Where(s => s.Name is "HealthCheckGate" or "Weight50" or "Weight100"), s => Assert.Contains("none Critical", s.Message));
    }

    [Fact]
    public async Task A_second_shift_of_the_same_virtual_service_is_refused_while_the_first_runs()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();
        var shifting = new TaskCompletionSource();
        var first = Task.Run(() => bed.Switcher.SwitchAsync(bed.WeightOptions, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "WaitRollout", Status: BlueGreenStepStatus.Running })
            {
                shifting.TrySetResult();
            }
        })));
        await shifting.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.WeightOptions with { LockOwner = "someone-else" }));

        Assert.Equal("Ops.BlueGreen.LockHeld", error.ErrorId);
        Assert.Contains("VirtualService 'web'", error.Message);
        Assert.Equal(BlueGreenStatus.Switched, (await first).Status);
        Assert.Null(bed.VirtualServiceLock());
    }

    [Fact]
    public async Task A_missing_virtual_service_is_reported_by_name()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.WeightOptions with { VirtualService = "checkout" }));

        Assert.Equal("Ops.BlueGreen.VirtualServiceNotFound", error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("'checkout'", error.Message);
        Assert.Equal(0, bed.Replicas("web-green"));
    }

    [Fact]
    public async Task A_cluster_without_istio_is_told_so()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.Cluster.Faults.FailNext(10_000, 404, r => r.Path.StartsWith("/apis/networking.istio.io", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.WeightOptions));

        Assert.Equal("Ops.BlueGreen.IstioNotServed", error.ErrorId);
        Assert.Equal(OpsErrorCategory.NotInstalled, error.Category);
        Assert.Equal(0, bed.Replicas("web-green"));
    }

    [Fact]
    public async Task A_route_without_both_colours_is_a_clear_error_and_nothing_changes()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService(http: new JsonArray(new JsonObject
        {
            ["name"] = "primary",
            ["route"] = new JsonArray(new JsonObject { ["destination"] = new JsonObject { ["host"] = "web", ["subset"] = "v1" }, ["weight"] = 100 }),
        }));

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.WeightOptions));

        Assert.Equal("Ops.BlueGreen.NoColorRoute", error.ErrorId);
        Assert.Contains("route 'primary' -> web subset v1", error.Message);
        Assert.Contains("blue (subset blue or host web-blue)", error.Message);
        Assert.Contains("-Subset", error.RecommendedAction);
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.VirtualServiceLock());
    }

    [Fact]
    public async Task A_subset_mapping_routes_version_subsets()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService(http: new JsonArray(new JsonObject
        {
            ["route"] = new JsonArray(
                new JsonObject { ["destination"] = new JsonObject { ["host"] = "web", ["subset"] = "v1" }, ["weight"] = 100 },
                new JsonObject { ["destination"] = new JsonObject { ["host"] = "web", ["subset"] = "v2" }, ["weight"] = 0 }),
        }));

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions with
        {
            Subsets = new Dictionary<string, string> { ["blue"] = "v1", ["green"] = "v2" },
            TrafficSteps = [100],
        });

        Assert.Equal(BlueGreenStatus.Switched, result.Status);
        Assert.Equal(100, bed.Weights()["v2"]);
        Assert.Equal(0, bed.Weights()["v1"]);
    }

    [Fact]
    public async Task Plan_lists_the_weight_steps_and_changes_nothing()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();
        bed.Cluster.ClearRequestLog();

        var plan = await bed.Switcher.PlanAsync(bed.WeightOptions with { HealthCheck = true });

        Assert.Equal(("web", "blue", "green"), (plan.VirtualService, plan.From, plan.To));
        Assert.Equal(
            ["AcquireLock", "ReadActiveColor", "ScaleIdle", "WaitRollout", "PreSwitchGate", "HealthCheckGate", "Weight50", "Weight80", "Weight100",
             "ScaleDownDelay", "ScaleDownPrevious", "ReleaseLock"],
            plan.Steps.Select(s => s.Name));
        Assert.Contains("weights green 80 % / blue 20 %", plan.Steps.Single(s => s.Name == "Weight80").Message);
        Assert.StartsWith("Shift virtualservice shop/web in steps of 50, 80, 100 % from blue (web-blue) to green", plan.Describe());
        Assert.DoesNotContain(bed.Cluster.RequestLog, l => !l.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_between_weight_steps_puts_the_weights_back()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();
        using var cancel = new CancellationTokenSource();

        var result = await bed.Switcher.SwitchAsync(bed.WeightOptions, new InlineProgress<BlueGreenProgress>(p =>
        {
            if (p is { Step: "Weight80", Status: BlueGreenStepStatus.Running })
            {
                cancel.CancelAfter(30);
            }
        }), cancel.Token);

        Assert.Equal(BlueGreenStatus.RolledBack, result.Status);
        Assert.True(result.Cancelled);
        Assert.Equal("cancelled during Weight80", result.Reason);
        Assert.Equal(100, bed.Weights()["blue"]);
        Assert.Equal(0, bed.Replicas("web-green"));
        Assert.Null(bed.VirtualServiceLock());
    }

    [Fact]
    public async Task Steps_that_do_not_end_at_100_are_refused()
    {
        await using var bed = await BlueGreenTestBed.StartAsync();
        bed.AddVirtualService();

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Switcher.SwitchAsync(bed.WeightOptions with { TrafficSteps = [50, 80] }));

        Assert.Equal("Ops.BlueGreen.InvalidOptions", error.ErrorId);
        Assert.Contains("end at 100", error.Message);
    }
}
