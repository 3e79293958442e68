using k8s;
using k8s.Models;
using OpsModule.Core.Kubernetes.Client;

namespace OpsModule.Tests.Kubernetes;

/// <summary>A list page as the API server sends it, read with KubernetesClient's serializer settings like every response.</summary>
public sealed class ListPageTests
{
    [Fact]
    public void Items_and_the_continue_token_are_read_and_the_envelope_fields_skipped()
    {
        const string json = """
            {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"next-page","remainingItemCount":3},
             "items":[{"metadata":{"name":"web-1","namespace":"shop","creationTimestamp":"2026-12-01T10:00:00Z"},"status":{"phase":"Running","extra":{"x":[1,2]}}},
                      {"metadata":{"name":"web-2"}}]}
            """;

        var page = KubernetesJson.Deserialize<ListPage<V1Pod>>(json);

        Assert.Equal(("42", "next-page", 3L), (page.Metadata?.ResourceVersion, page.Metadata?.ContinueProperty, page.Metadata?.RemainingItemCount));
        Assert.Equal(["web-1", "web-2"], page.Items!.Select(p => p.Metadata.Name));
        Assert.Equal("Running", page.Items![0].Status.Phase);
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), page.Items[0].Metadata.CreationTimestamp);
    }

    [Fact]
    public void Metrics_items_which_are_not_kubernetes_objects_are_read_too()
    {
        const string json = """
            {"metadata":{},"items":[{"metadata":{"name":"web-1"},"timestamp":"2026-12-01T10:00:00Z","window":"30s",
             "containers":[{"name":"web","usage":{"cpu":"250m","memory":"64Mi"}}]}]}
            """;

        var metrics = Assert.Single(KubernetesJson.Deserialize<ListPage<PodMetrics>>(json).Items!);

        Assert.Equal("250m", metrics.Containers.Single().Usage["cpu"].ToString());
    }

    [Fact]
    public void A_list_without_items_or_that_is_not_an_object_is_told_apart()
    {
        Assert.Null(KubernetesJson.Deserialize<ListPage<V1Pod>>("""{"metadata":{"continue":""},"items":null}""").Items);
        Assert.Throws<System.Text.Json.JsonException>(() => KubernetesJson.Deserialize<ListPage<V1Pod>>("""["not","a","list"]"""));
        Assert.Throws<System.Text.Json.JsonException>(() => KubernetesJson.Deserialize<ListPage<V1Pod>>("""{"items":{"name":"x"}}"""));
    }
}
