using OpsModule.Core.Health;
using k8s;
using k8s.Models;

namespace OpsModule.Tests.Health;

public sealed class PodLabelIndexTests
{
    private static V1Pod Pod(string name, params (string Key, string Value)[] labels) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) } };

    [Fact]
    public void Selects_the_pods_carrying_every_label_of_the_selector()
    {
        var index = new PodLabelIndex(
        [
            Pod("web-blue-1", ("app", "web"), ("color", "blue")),
            Pod("web-green-1", ("app", "web"), ("color", "green")),
            Pod("api-blue-1", ("app", "api"), ("color", "blue")),
            Pod("unlabelled"),
        ]);

        Assert.Equal(["web-blue-1"], index.Select(new Dictionary<string, string> { ["app"] = "web", ["color"] = "blue" }).Select(p => p.Name()));
        Assert.Equal(2, index.Select(new Dictionary<string, string> { ["color"] = "blue" }).Count);
        Assert.Empty(index.Select(new Dictionary<string, string> { ["app"] = "web", ["color"] = "red" }));
        Assert.Empty(index.Select(new Dictionary<string, string>()));
    }
}
