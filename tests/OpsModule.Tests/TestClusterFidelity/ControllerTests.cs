using System.Text.Json.Nodes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>The simulated controllers and kubelets produce the objects and statuses a real cluster shows.</summary>
public sealed class ControllerTests
{
    private static async Task<TestCluster.TestCluster> StartAsync() =>
        await TestCluster.TestCluster.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(30) });

    private static JsonObject? Condition(JsonNode? obj, string type) =>
        obj?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type) as JsonObject;

    [Fact]
    public async Task Deployment_creates_a_replicaset_and_ready_pods_with_real_status()
    {
        await using var cluster = await StartAsync();
        cluster.Apply(Manifests.Deployment("web", 3));
        await cluster.WaitUntilAsync(c => c.Get("apps/v1", "Deployment", "default", "web")?["status"]?["availableReplicas"]?.GetValue<int>() == 3,
            TimeSpan.FromSeconds(5), "3 available replicas");
        var deployment = cluster.Get("apps/v1", "Deployment", "default", "web")!;
        var status = deployment["status"]!;
        Assert.Equal(deployment["metadata"]!["generation"]!.GetValue<long>(), status["observedGeneration"]!.GetValue<long>());
        Assert.Equal(3, status["replicas"]!.GetValue<int>());
        Assert.Equal(3, status["updatedReplicas"]!.GetValue<int>());
        Assert.Equal(3, status["readyReplicas"]!.GetValue<int>());
        Assert.Null(status["unavailableReplicas"]);
        Assert.Equal("MinimumReplicasAvailable", Condition(deployment, "Available")!["reason"]!.GetValue<string>());
        Assert.Equal("NewReplicaSetAvailable", Condition(deployment, "Progressing")!["reason"]!.GetValue<string>());

        var rs = Assert.Single(cluster.List("apps/v1", "ReplicaSet", "default"));
        var hash = rs["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();
        Assert.Equal($"web-{hash}", rs["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("Deployment", rs["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        var pods = cluster.ListPods("default", "app=web");
        Assert.Equal(3, pods.Count);
        foreach (var pod in pods)
        {
            Assert.Matches($"^web-{hash}-[a-z0-9]{{5}}$", pod["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal(hash, pod["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>());
            Assert.Equal(rs["metadata"]!["uid"]!.GetValue<string>(), pod["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
            Assert.Equal("node-1", pod["spec"]!["nodeName"]!.GetValue<string>());
            Assert.StartsWith("10.", pod["status"]!["podIP"]!.GetValue<string>());
            Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
            foreach (var type in new[] { "Ready", "ContainersReady", "PodScheduled", "Initialized" })
                Assert.Equal("True", Condition(pod, type)!["status"]!.GetValue<string>());
            var container = pod["status"]!["containerStatuses"]![0]!;
            Assert.True(container["ready"]!.GetValue<bool>());
            Assert.True(container["started"]!.GetValue<bool>());
            Assert.Equal(0, container["restartCount"]!.GetValue<int>());
            Assert.NotNull(container["state"]!["running"]!["startedAt"]);
        }
        var events = cluster.List("v1", "Event", "default");
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "ScalingReplicaSet" && e["involvedObject"]!["kind"]!.GetValue<string>() == "Deployment");
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Scheduled" && e["source"]!["component"]!.GetValue<string>() == "default-scheduler");
    }

    [Fact]
    public async Task Template_change_rolls_out_a_new_replicaset_and_scales_the_old_one_to_zero()
    {
        await using var cluster = await StartAsync();
        cluster.Apply(Manifests.Deployment("web", 2, image: "nginx:1"));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 2, TimeSpan.FromSeconds(5));
        cluster.Apply(Manifests.Deployment("web", 2, image: "nginx:2"));
        await cluster.WaitUntilAsync(c =>
        {
            var pods = c.ListPods("default", "app=web");
            return pods.Count == 2 && pods.All(p => p["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "nginx:2");
        }, TimeSpan.FromSeconds(5), "only new pods");
        var sets = cluster.List("apps/v1", "ReplicaSet", "default");
        Assert.Equal(2, sets.Count);
        Assert.Contains(sets, s => s["spec"]!["replicas"]!.GetValue<int>() == 0);
        var deployment = cluster.Get("apps/v1", "Deployment", "default", "web")!;
        Assert.Equal("2", deployment["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_image_rollout_keeps_old_pods_and_exceeds_the_progress_deadline()
    {
        await using var cluster = await StartAsync();
        cluster.SetImageBehavior("bad:tag", PodFailure.ImagePullBackOff);
        cluster.Apply(Manifests.Deployment("web", 2, progressDeadlineSeconds: 1));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 2, TimeSpan.FromSeconds(5));
        cluster.Apply(Manifests.Deployment("web", 2, image: "bad:tag", progressDeadlineSeconds: 1));
        await cluster.WaitUntilAsync(c => Condition(c.Get("apps/v1", "Deployment", "default", "web"), "Progressing")?["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded",
            TimeSpan.FromSeconds(5), "ProgressDeadlineExceeded");
        var deployment = cluster.Get("apps/v1", "Deployment", "default", "web")!;
        Assert.Equal("False", Condition(deployment, "Progressing")!["status"]!.GetValue<string>());
        Assert.Equal(2, deployment["status"]!["availableReplicas"]!.GetValue<int>());
        Assert.Equal(2, deployment["status"]!["unavailableReplicas"]!.GetValue<int>());
        Assert.Equal(2, Manifests.ReadyPods(cluster, "default", "app=web"));
        Assert.Contains(cluster.List("v1", "Event", "default"), e => e["reason"]!.GetValue<string>() == "Failed" && e["type"]!.GetValue<string>() == "Warning");
    }

    public static TheoryData<PodFailure, string, string?> FailureModes => new()
    {
        { PodFailure.CrashLoopBackOff, "Running", "CrashLoopBackOff" },
        { PodFailure.OOMKilled, "Running", "CrashLoopBackOff" },
        { PodFailure.ImagePullBackOff, "Pending", "ImagePullBackOff" },
        { PodFailure.ErrImagePull, "Pending", "ErrImagePull" },
        { PodFailure.CreateContainerConfigError, "Pending", "CreateContainerConfigError" },
        { PodFailure.Unschedulable, "Pending", null },
        { PodFailure.Evicted, "Failed", null },
        { PodFailure.NotReady, "Running", null },
    };

    [Theory]
    [MemberData(nameof(FailureModes))]
    public async Task Failure_modes_show_up_like_on_a_real_cluster(PodFailure failure, string phase, string? waitingReason)
    {
        await using var cluster = await StartAsync();
        cluster.SetPodBehavior("default", "victim", new PodBehavior { Failure = failure, RestartCount = 7 });
        cluster.Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"victim","namespace":"default"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}""");
        cluster.Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"healthy","namespace":"default"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}""");
        await cluster.WaitUntilAsync(c => c.TryGetPod("default", "healthy")?["status"]?["phase"]?.GetValue<string>() == "Running", TimeSpan.FromSeconds(5));
        await cluster.WaitUntilAsync(c => c.TryGetPod("default", "victim")?["status"]?["phase"]?.GetValue<string>() == phase
            && (failure == PodFailure.Unschedulable || c.TryGetPod("default", "victim")?["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() != "ContainerCreating"),
            TimeSpan.FromSeconds(5), $"phase {phase}");
        var pod = cluster.TryGetPod("default", "victim")!;
        Assert.Equal("False", Condition(pod, failure == PodFailure.Unschedulable ? "PodScheduled" : "Ready")!["status"]!.GetValue<string>());
        var container = pod["status"]!["containerStatuses"]?[0];
        if (waitingReason is not null) Assert.Equal(waitingReason, container!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        var warnings = cluster.List("v1", "Event", "default").Where(e => e["involvedObject"]!["name"]!.GetValue<string>() == "victim" && e["type"]!.GetValue<string>() == "Warning").ToList();
        Assert.NotEmpty(warnings);
        switch (failure)
        {
            case PodFailure.CrashLoopBackOff:
                Assert.Equal(7, container!["restartCount"]!.GetValue<int>());
                Assert.Equal("Error", container["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
                Assert.Contains(warnings, e => e["reason"]!.GetValue<string>() == "BackOff");
                break;
            case PodFailure.OOMKilled:
                Assert.Equal("OOMKilled", container!["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
                Assert.Equal(137, container["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
                break;
            case PodFailure.Unschedulable:
                var scheduled = Condition(pod, "PodScheduled")!;
                Assert.Equal("Unschedulable", scheduled["reason"]!.GetValue<string>());
                Assert.Contains("Insufficient cpu", scheduled["message"]!.GetValue<string>());
                Assert.Null(pod["spec"]!["nodeName"]);
                Assert.Contains(warnings, e => e["reason"]!.GetValue<string>() == "FailedScheduling");
                break;
            case PodFailure.Evicted:
                Assert.Equal("Evicted", pod["status"]!["reason"]!.GetValue<string>());
                break;
            case PodFailure.NotReady:
                Assert.True(container!["started"]!.GetValue<bool>());
                Assert.False(container["ready"]!.GetValue<bool>());
                Assert.NotNull(container["state"]!["running"]);
                break;
        }
    }

    [Fact]
    public async Task StatefulSet_creates_ordinal_pods_in_order_and_DaemonSet_one_pod_per_ready_node()
    {
        await using var cluster = await StartAsync();
        cluster.AddNode("node-2");
        cluster.AddNode("node-3", ready: false);
        cluster.Apply("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"data"},"spec":{"serviceName":"db","replicas":3,"selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"postgres","image":"postgres:15"}]}}}}""");
        cluster.Apply("""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}""");
        await cluster.WaitUntilAsync(c => c.Get("apps/v1", "StatefulSet", "data", "db")?["status"]?["readyReplicas"]?.GetValue<int>() == 3, TimeSpan.FromSeconds(5), "3 ready db pods");
        var names = cluster.ListPods("data").Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["db-0", "db-1", "db-2"], names);
        var starts = cluster.ListPods("data").OrderBy(p => p["metadata"]!["name"]!.GetValue<string>())
            .Select(p => long.Parse(p["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();
        Assert.Equal("db-1", cluster.TryGetPod("data", "db-1")!["metadata"]!["labels"]!["statefulset.kubernetes.io/pod-name"]!.GetValue<string>());
        Assert.True(starts.Count == 3);
        await cluster.WaitUntilAsync(c => c.Get("apps/v1", "DaemonSet", "kube-system", "agent")?["status"]?["numberReady"]?.GetValue<int>() == 2, TimeSpan.FromSeconds(5), "2 agents");
        var agents = cluster.ListPods("kube-system", "app=agent");
        Assert.Equal(["node-1", "node-2"], agents.Select(p => p["spec"]!["nodeName"]!.GetValue<string>()).Order().ToList());
        Assert.Equal(2, cluster.Get("apps/v1", "DaemonSet", "kube-system", "agent")!["status"]!["desiredNumberScheduled"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_deployment_cascades_to_replicasets_and_pods()
    {
        await using var cluster = await StartAsync();
        cluster.Apply(Manifests.Deployment("web", 2));
        await cluster.WaitUntilAsync(c => c.ListPods("default", "app=web").Count == 2, TimeSpan.FromSeconds(5));
        using var http = new ClusterHttp(cluster);
        using var response = await http.SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/web", """{"propagationPolicy":"Background"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(cluster.List("apps/v1", "ReplicaSet", "default"));
        Assert.Empty(cluster.ListPods("default", "app=web"));
    }

    [Fact]
    public async Task Tests_can_add_events_and_metrics_and_turn_metrics_off()
    {
        await using var cluster = await StartAsync();
        cluster.Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","labels":{"app":"p"}},"spec":{"containers":[{"name":"app","image":"app:1"}]}}""");
        cluster.AddEvent("v1", "Pod", "default", "p", "Unhealthy", "Liveness probe failed", "Warning");
        var again = cluster.AddEvent("v1", "Pod", "default", "p", "Unhealthy", "Liveness probe failed", "Warning");
        Assert.Equal(2, again["count"]!.GetValue<int>());
        cluster.SetPodMetrics("default", "p", new ContainerUsage("app", "250m", "300Mi"));
        cluster.SetNodeMetrics("node-1", "1200m", "6Gi");
        using var http = new ClusterHttp(cluster);
        var (code, metrics) = await http.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/p");
        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        Assert.Equal("PodMetrics", metrics["kind"]!.GetValue<string>());
        Assert.Equal("250m", metrics["containers"]![0]!["usage"]!["cpu"]!.GetValue<string>());
        var (_, nodes) = await http.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes");
        Assert.Equal("6Gi", nodes["items"]![0]!["usage"]!["memory"]!.GetValue<string>());
        var (missing, _) = await http.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing);

        cluster.MetricsAvailable = false;
        var (off, _) = await http.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/p");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, off);
        var (_, groups) = await http.GetAsync("/apis");
        Assert.DoesNotContain(groups["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "metrics.k8s.io");
    }
}
