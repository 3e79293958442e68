using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Tests.Kubernetes;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "frontend", ["env"] = "prod" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=web,tier=frontend", true)]
    [InlineData("app=web,tier=backend", false)]
    [InlineData("env in (prod,staging)", true)]
    [InlineData("env notin (prod,staging)", false)]
    [InlineData("env in (dev), app=web", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!legacy", true)]
    [InlineData("missing!=x", true)]
    [InlineData("", true)]
    public void Matches_like_the_api_server(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Web));
    }

    [Theory]
    [InlineData("=web")]
    [InlineData("env in prod")]
    [InlineData("app=we b")]
    [InlineData("app=web,,tier=x")]
    public void Rejects_malformed_selectors_with_a_hint(string selector)
    {
        var error = Assert.ThrowsAny<FormatException>(() => LabelSelector.Parse(selector));
        Assert.Contains("app=web", error.Message);
    }

    [Fact]
    public void Converts_a_workload_selector_with_expressions()
    {
        var spec = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "In", Values = ["prod"] }],
        };

        var selector = LabelSelector.FromSpec(spec)!;

        Assert.True(selector.Matches(Web));
        Assert.Equal("app=web,env=prod", selector.ToString());
        Assert.Null(LabelSelector.FromSpec(null));
    }

    [Fact]
    public void A_service_selector_from_labels_round_trips_to_query_text()
    {
        var selector = LabelSelector.FromLabels(new Dictionary<string, string> { ["app"] = "web", ["color"] = "blue" });
        Assert.Equal("app=web,color=blue", selector.ToString());
        Assert.False(selector.Matches(Web));
    }
}
