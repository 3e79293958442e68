using OpsModule.Core.Completion;

namespace OpsModule.Tests.Completion;

/// <summary>Names completed from the test cluster, with the context, kubeconfig and namespace the command line names.</summary>
public sealed class ClusterCompletionTests(CompletionClusterFixture bed) : IClassFixture<CompletionClusterFixture>
{
    private ClusterLookup Sandbox(string? ns = null) => new(bed.KubeConfig, "sandbox", ns);

    private static string[] Texts(IReadOnlyList<CompletionCandidate> candidates) => candidates.Select(c => c.CompletionText).ToArray();

    [Fact]
    public void A_namespace_prefix_completes_to_the_cluster_namespace()
    {
        var candidates = ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, Sandbox(), "ecom");

        var only = Assert.Single(candidates);
        Assert.Equal("ecommerce-k8s", only.CompletionText);
        Assert.Equal("Namespace ecommerce-k8s (Active)", only.ToolTip);
    }

    [Fact]
    public void An_empty_word_lists_every_namespace_sorted()
    {
        var names = Texts(ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, Sandbox(), ""));

        Assert.Superset(new HashSet<string> { "ceoagent", "ecommerce-k8s", "test" }, names.ToHashSet());
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
    }

    [Fact]
    public void Services_come_from_the_typed_namespace()
    {
        Assert.Equal(["ceoagent-api", "postgres"], Texts(ArgumentCompletion.ClusterNames(ClusterNameKind.Service, Sandbox("ceoagent"), "")));
        Assert.Equal(["user-service"], Texts(ArgumentCompletion.ClusterNames(ClusterNameKind.Service, Sandbox("ecommerce-k8s"), "")));
    }

    [Fact]
    public void Without_a_typed_namespace_the_contexts_namespace_is_listed()
    {
        var candidates = ArgumentCompletion.ClusterNames(ClusterNameKind.Deployment, Sandbox(), "");

        Assert.Equal(["cart-blue", "cart-green", "search-green", "user-service"], Texts(candidates));
        Assert.Equal("Deployment ecommerce-k8s/cart-blue (2/2 available)", candidates[0].ToolTip);
    }

    [Fact]
    public void The_typed_context_is_used_instead_of_the_current_one()
    {
        // current-context "closed" points at a port nothing listens on: only -Context sandbox reaches the cluster.
        Assert.Empty(ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, new ClusterLookup(bed.KubeConfig), ""));
        Assert.NotEmpty(ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, new ClusterLookup(bed.KubeConfig, "sandbox"), ""));
    }

    [Fact]
    public void Pods_are_listed_with_their_phase()
    {
        var candidates = ArgumentCompletion.ClusterNames(ClusterNameKind.Pod, Sandbox("ceoagent"), "post");

        var postgres = Assert.Single(candidates);
        Assert.Equal("postgres-0", postgres.CompletionText);
        Assert.Equal("Pod ceoagent/postgres-0 (Running)", postgres.ToolTip);
    }

    [Fact]
    public void Virtual_services_are_listed_from_istio()
    {
        Assert.Equal(["cart"], Texts(ArgumentCompletion.ClusterNames(ClusterNameKind.VirtualService, Sandbox(), "")));
        Assert.Empty(ArgumentCompletion.ClusterNames(ClusterNameKind.VirtualService, Sandbox("test"), ""));
    }

    [Fact]
    public void Blue_green_base_names_are_offered_for_deployments_named_after_a_colour()
    {
        var candidates = ArgumentCompletion.ColorBaseNames(Sandbox(), ["blue", "green"], "");

        Assert.Equal(["cart", "search"], Texts(candidates));
        Assert.Equal("Deployments cart-blue, cart-green in ecommerce-k8s", candidates[0].ToolTip);
        Assert.Equal(["cart"], Texts(ArgumentCompletion.ColorBaseNames(Sandbox(), ["blue", "red"], "")));
    }

    [Fact]
    public void A_wildcard_matches_inside_names()
    {
        Assert.Equal(["cart-green", "search-green"], Texts(ArgumentCompletion.ClusterNames(ClusterNameKind.Deployment, Sandbox(), "*green")));
    }

    [Fact]
    public void A_missing_kubeconfig_file_completes_nothing()
    {
        Assert.Empty(ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, new ClusterLookup("/nonexistent/kubeconfig", "sandbox"), ""));
    }

    [Fact]
    public void A_context_the_kubeconfig_lacks_completes_nothing()
    {
        Assert.Empty(ArgumentCompletion.ClusterNames(ClusterNameKind.Namespace, new ClusterLookup(bed.KubeConfig, "nosuchcontext"), ""));
    }
}
