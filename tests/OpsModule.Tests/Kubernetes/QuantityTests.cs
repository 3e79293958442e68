using System.Text.Json;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Tests.Kubernetes;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("250m", 0.25)]
    [InlineData("2", 2)]
    [InlineData("1.5", 1.5)]
    [InlineData("100n", 0.0000001)]
    [InlineData("1Ki", 1024)]
    [InlineData("128Mi", 134217728)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1k", 1000)]
    [InlineData("1M", 1000000)]
    [InlineData("1e3", 1000)]
    [InlineData("129e6", 129000000)]
    [InlineData("0", 0)]
    public void Parses_the_value_in_base_units(string text, double expected)
    {
        Assert.Equal((decimal)expected, Quantity.Parse(text).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Xi")]
    [InlineData("Mi")]
    public void Rejects_text_that_is_not_a_quantity(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => Quantity.Parse(text));
        Assert.Contains("500m", error.Message);
    }

    [Fact]
    public void Round_trips_through_json_keeping_the_original_text()
    {
        var requirements = JsonSerializer.Deserialize<ResourceRequirements>(
            """{"limits":{"cpu":"500m","memory":"1Gi"},"requests":{"cpu":1}}""", KubernetesJson.Options)!;

        Assert.Equal(0.5m, requirements.Limits!["cpu"].Value);
        Assert.Equal(1m, requirements.Requests!["cpu"].Value);
        Assert.Contains("\"memory\":\"1Gi\"", JsonSerializer.Serialize(requirements, KubernetesJson.Options));
    }

    [Fact]
    public void Compares_by_value_across_notations()
    {
        Assert.Equal(Quantity.Parse("1024Mi"), Quantity.Parse("1Gi"));
        Assert.True(Quantity.Parse("900m").CompareTo(Quantity.Parse("1")) < 0);
    }
}
