using System.Text.Json;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Tests.Kubernetes;

public sealed class IntOrStringTests
{
    [Fact]
    public void Reads_a_port_number_and_a_named_port()
    {
        var ports = JsonSerializer.Deserialize<List<ServicePort>>(
            """[{"port":80,"targetPort":8080},{"port":443,"targetPort":"https"}]""", KubernetesJson.Options)!;

        Assert.Equal(8080, ports[0].TargetPort!.Value.Number);
        Assert.Equal("https", ports[1].TargetPort!.Value.Text);
        Assert.False(ports[1].TargetPort!.Value.IsNumber);
    }

    [Fact]
    public void Writes_back_the_same_json_kind()
    {
        var json = JsonSerializer.Serialize(new[] { IntOrString.FromInt(8080), IntOrString.FromString("http") }, KubernetesJson.Options);
        Assert.Equal("""[8080,"http"]""", json);
    }

    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("3", 10, false, 3)]
    public void Scales_percentages_like_the_deployment_controller(string text, int total, bool roundUp, int expected)
    {
        Assert.Equal(expected, IntOrString.FromString(text).ScaledValue(total, roundUp));
    }
}
