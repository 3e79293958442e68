using OpsModule.Core.Completion;

namespace OpsModule.Tests.Completion;

public sealed class HealthCodeCompletionTests
{
    [Fact]
    public void ExcludeCode_completes_from_the_catalogue_without_a_cluster()
    {
        var candidates = ArgumentCompletion.HealthCodes("ingress");

        Assert.Equal(["IngressBackendMissing", "IngressHealthy", "IngressNoAddress", "IngressTlsSecretMissing"], candidates.Select(c => c.CompletionText));
        Assert.Equal("Health code of the Ingresses check", candidates[0].ToolTip);
        Assert.Equal(["NodeDiskPressure", "NodeMemoryPressure", "NodePidPressure"], ArgumentCompletion.HealthCodes("*pressure").Select(c => c.CompletionText));
    }
}
