using OpsModule.Core.Completion;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Completion;

public sealed class KubeContextCompletionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string currentContext, params (string Name, string? Namespace)[] contexts) => _dir.Write(name,
        "apiVersion: v1\nkind: Config\n"
        + $"current-context: \"{currentContext}\"\n"
        + "clusters:\n- name: k\n  cluster: { server: \"https://127.0.0.1:1\" }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n"
        + string.Concat(contexts.Select(c => $"- name: \"{c.Name}\"\n  context: {{ cluster: k, user: u{(c.Namespace is null ? "" : ", namespace: " + c.Namespace)} }}\n")));

    [Fact]
    public void Contexts_of_every_kubeconfig_file_in_KUBECONFIG_are_merged_first_file_winning()
    {
        var first = Write("a", "dev", ("dev", "shop"), ("prod eu", null));
        var second = Write("b", "ops", ("ops", "kube-system"), ("dev", "other"));
        var environment = new KubeConfigEnvironment(name => name == "KUBECONFIG" ? first + Path.PathSeparator + second : null, "/nonexistent");

        var names = KubeContextLister.List(null, environment).ToDictionary(n => n.Name, n => n.ToolTip);

        Assert.Equal(["dev", "ops", "prod eu"], names.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Context dev: cluster k, namespace shop (current)", names["dev"]);
        Assert.Equal("Context prod eu: cluster k, namespace default", names["prod eu"]);
    }

    [Fact]
    public void An_explicit_kubeconfig_is_the_only_file_read()
    {
        var path = Write("explicit", "x", ("x", null));
        var other = Write("other", "y", ("y", null));
        var environment = new KubeConfigEnvironment(name => name == "KUBECONFIG" ? other : null, "/nonexistent");

        Assert.Equal(["x"], KubeContextLister.List(path, environment).Select(n => n.Name));
    }

    [Fact]
    public void A_context_name_with_a_space_completes_quoted()
    {
        var path = Write("spaces", "dev", ("dev", null), ("prod eu", null));

        var candidate = Assert.Single(ArgumentCompletion.Contexts(path, "pr"));

        Assert.Equal("'prod eu'", candidate.CompletionText);
        Assert.Equal("prod eu", candidate.ListItemText);
    }

    [Fact]
    public void A_kubeconfig_that_cannot_be_parsed_completes_nothing()
    {
        var path = _dir.Write("broken", "clusters: [ this is not: yaml");

        Assert.Empty(ArgumentCompletion.Contexts(path, ""));
    }
}
