using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Tests.Kubernetes;

/// <summary>Waits watch from the list's resourceVersion, as kubectl rollout status does, instead of listing every few hundred ms.</summary>
public sealed class WatchWaitTests
{
    private static string PodJson(string name) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"default","labels":{"app":"w"}},
         "spec":{"containers":[{"name":"main","image":"busybox"}]}}
        """;

    [Fact]
    public async Task Waiting_for_pods_to_go_lists_once_then_watches()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PodJson("w-1"));
        bed.Cluster.Apply(PodJson("w-2"));
        bed.Cluster.ClearRequestLog();

        var wait = bed.Client.WaitForAsync<V1Pod>("default", new ListOptions { LabelSelector = "app=w" }, pods => pods.Count == 0, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(wait.IsCompleted);
        bed.Cluster.Delete("v1", "Pod", "default", "w-1");
        bed.Cluster.Delete("v1", "Pod", "default", "w-2");
        var left = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(left);
        var podRequests = bed.Cluster.RequestLog.Where(l => l.StartsWith("GET /api/v1/namespaces/default/pods", StringComparison.Ordinal)).ToList();
        Assert.Single(podRequests, l => !l.Contains("watch=true", StringComparison.Ordinal));
        var watch = Assert.Single(podRequests, l => l.Contains("watch=true", StringComparison.Ordinal));
        Assert.Contains("resourceVersion=", watch, StringComparison.Ordinal);
        Assert.Contains("labelSelector=app%3Dw", watch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_sees_a_change_to_one_named_object()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PodJson("solo"));

        var wait = bed.Client.WaitForAsync<V1Pod>("default", new ListOptions { FieldSelector = "metadata.name=solo" },
            pods => pods.SingleOrDefault()?.GetLabel("stage") == "done", CancellationToken.None);
        bed.Cluster.Apply(PodJson("other").Replace("\"app\":\"w\"", "\"app\":\"w\",\"stage\":\"done\""));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(wait.IsCompleted);
        bed.Cluster.Apply(PodJson("solo").Replace("\"app\":\"w\"", "\"app\":\"w\",\"stage\":\"done\""));

        var pod = Assert.Single(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("solo", pod.Name());
    }

    [Fact]
    public async Task A_wait_ends_with_its_token()
    {
        await using var bed = await ClientTestBed.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            bed.Client.WaitForAsync<V1Pod>("default", new ListOptions { LabelSelector = "app=never" }, pods => pods.Count > 0, timeout.Token));
    }

    [Fact]
    public async Task A_watch_the_identity_may_not_open_fails_like_any_refused_request()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(PodJson("w-1"));
        bed.Cluster.Faults.Forbid("watch", "pods");

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            bed.Client.WaitForAsync<V1Pod>("default", new ListOptions { LabelSelector = "app=w" }, pods => pods.Count == 0, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("RBAC", error.Message, StringComparison.Ordinal);
    }
}
