using OpsModule.Core.Health;

namespace OpsModule.Tests.Health;

/// <summary>The catalogue of finding codes (what -ExcludeCode completes from) is the checks' own list.</summary>
public sealed class HealthCodesTests
{
    [Fact]
    public void Every_code_is_listed_once_under_the_check_family_named_like_its_class()
    {
        Assert.Equal(HealthCodes.All.Count, HealthCodes.All.Select(c => c.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains((HealthCodes.Services.ServiceSelectorMatchesNoPod, HealthCheck.Services), HealthCodes.All);
        Assert.Equal(Enum.GetValues<HealthCheck>().Order(), HealthCodes.All.Select(c => c.Check).Distinct().Order());
    }

    [Fact]
    public async Task A_health_run_emits_only_catalogued_codes_each_under_its_own_check()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        RunbookApps.UserService(bed.Cluster, currentReplicas: 10);
        bed.Cluster.Apply(RunbookApps.Service("test", "orphan", new() { ["app"] = "nobody" }, 80));
        bed.Cluster.Apply(RunbookApps.Claim("test", "data", "Pending"));
        bed.Cluster.AddNode("node-2", ready: false);

        var run = await bed.RunAsync(new HealthOptions { Namespaces = ["test", "ecommerce-k8s"], IncludeHealthy = true });

        var catalog = HealthCodes.All.ToDictionary(c => c.Code, c => c.Check);
        Assert.True(run.Results.Count > 10, $"only {run.Results.Count} results: the run proves little");
        Assert.All(run.Results, r => Assert.True(catalog.TryGetValue(r.Code, out var check) && check == r.Check,
            $"{r.Code} ({r.Check}) is not in HealthCodes under {r.Check}"));
    }
}
