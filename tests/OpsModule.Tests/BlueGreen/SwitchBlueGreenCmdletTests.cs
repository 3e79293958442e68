using OpsModule.Commands;
using OpsModule.Core.BlueGreen;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.BlueGreen;

/// <summary>What a user of Switch-BlueGreen can type: the three modes as parameter sets, and which parameters each takes.</summary>
public sealed class SwitchBlueGreenCmdletTests
{
    private static readonly CmdletSurface Cmdlet = CmdletSurfaceReader.Read(typeof(SwitchBlueGreenCommand));

    [Fact]
    public void Selector_mode_is_the_default_and_weight_and_rollback_modes_are_their_own_sets()
    {
        Assert.Equal("Selector", Cmdlet.DefaultParameterSetName);
        Assert.Equal(["Rollback", "Selector", "VirtualService"], Cmdlet.ParameterSets.Order());
        Assert.True(Mandatory("Selector", "Service"));
        Assert.True(Mandatory("VirtualService", "VirtualService"));
        Assert.True(Mandatory("Rollback", "Rollback"));
        Assert.True(Mandatory("Rollback", "Service"));
    }

    [Theory]
    [InlineData("Selector", "Image", true)]
    [InlineData("Selector", "TrafficSteps", false)]
    [InlineData("VirtualService", "TrafficSteps", true)]
    [InlineData("VirtualService", "StepIntervalSec", true)]
    [InlineData("VirtualService", "Subset", true)]
    [InlineData("VirtualService", "Service", false)]
    [InlineData("VirtualService", "SelectorKey", false)]
    [InlineData("Rollback", "Image", false)]
    [InlineData("Rollback", "To", false)]
    [InlineData("Rollback", "HealthCheck", true)]
    [InlineData("Selector", "HealthCheck", true)]
    [InlineData("VirtualService", "HealthCheck", true)]
    public void Each_mode_takes_only_the_parameters_that_mean_something_in_it(string set, string parameter, bool taken) =>
        Assert.Equal(taken, Cmdlet.InSet(set).Any(p => p.Parameter.Name == parameter));

    [Fact]
    public void It_emits_the_result_type_in_every_mode() =>
        Assert.All(Cmdlet.ParameterSets, set => Assert.Contains(Cmdlet.OutputTypesFor(set), o => o.Type == typeof(OpsBlueGreenResult)));

    private static bool Mandatory(string set, string parameter) =>
        Cmdlet.InSet(set).Single(p => p.Parameter.Name == parameter).Declaration.Mandatory;
}
