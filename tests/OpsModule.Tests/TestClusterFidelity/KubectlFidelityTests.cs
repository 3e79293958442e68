using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>The real kubectl drives the test cluster over http and https, with token and client-certificate auth.</summary>
public sealed class KubectlFidelityTests
{
    // kubectl (client-go) never sends a bearer token over plain http, so the http case is an anonymous cluster.
    public static TheoryData<string> Transports => new() { "http-anonymous", "https-token", "https-client-cert-rsa", "https-client-cert-ec" };

    private static async Task<(TestCluster.TestCluster Cluster, string KubeConfig)> StartAsync(string transport, TempDirectory dir)
    {
        var https = transport.StartsWith("https", StringComparison.Ordinal);
        var clientCert = transport.Contains("client-cert", StringComparison.Ordinal);
        var cluster = await TestCluster.TestCluster.StartAsync(new TestClusterOptions
        {
            Https = https,
            RequiredToken = clientCert || !https ? null : "fidelity-token",
            RequireClientCertificate = clientCert,
        });
        var kubeconfig = clientCert
            ? cluster.WriteKubeConfig(dir.File("config"), clientCertificate: cluster.IssueClientCertificate("admin", ecdsa: transport.EndsWith("-ec", StringComparison.Ordinal)))
            : cluster.WriteKubeConfig(dir.File("config"), token: https ? "fidelity-token" : null);
        return (cluster, kubeconfig);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Kubectl_gets_scales_patches_rolls_out_and_deletes(string transport)
    {
        using var dir = new TempDirectory();
        var (cluster, kubeconfig) = await StartAsync(transport, dir);
        await using var _ = cluster;
        cluster.Apply(Manifests.Deployment("web", 2, labels: new() { ["app"] = "web", ["color"] = "blue" }));
        cluster.Apply(Manifests.Deployment("web-green", 1, labels: new() { ["app"] = "web", ["color"] = "green" }));
        cluster.Apply(Manifests.Service("web", new() { ["app"] = "web", ["color"] = "blue" }));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 3, TimeSpan.FromSeconds(10), "3 ready pods");

        var json = JsonNode.Parse(await Kubectl.SucceedAsync(kubeconfig, "get", "pods", "-o", "json"))!;
        var items = json["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.All(items, item => Assert.Equal("Running", item!["status"]!["phase"]!.GetValue<string>()));

        var table = await Kubectl.SucceedAsync(kubeconfig, "get", "pods");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE", table);
        foreach (var item in items) Assert.Matches(item!["metadata"]!["name"]!.GetValue<string>() + @"\s+1/1\s+Running\s+0\s+\d+s", table);
        Assert.Matches(@"web\s+2/2\s+2\s+2", await Kubectl.SucceedAsync(kubeconfig, "get", "deployments"));

        var blue = (await Kubectl.SucceedAsync(kubeconfig, "get", "pods", "-l", "color=blue", "-o", "name"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, blue.Length);
        Assert.All(blue, line => Assert.StartsWith("pod/web-", line));

        Assert.Contains("scaled", await Kubectl.SucceedAsync(kubeconfig, "scale", "deployment", "web", "--replicas=3"));
        Assert.Contains("successfully rolled out", await Kubectl.SucceedAsync(kubeconfig, "rollout", "status", "deployment/web", "--timeout=30s"));
        Assert.Equal(3, Manifests.ReadyPods(cluster, "default", "color=blue"));

        await Kubectl.SucceedAsync(kubeconfig, "patch", "service", "web", "--type", "merge", "-p", """{"spec":{"selector":{"color":"green"}}}""");
        var endpoints = cluster.Get("v1", "Endpoints", "default", "web")!;
        var addresses = endpoints["subsets"]![0]!["addresses"]!.AsArray();
        Assert.Single(addresses);
        Assert.StartsWith("web-green-", addresses[0]!["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal(8080, endpoints["subsets"]![0]!["ports"]![0]!["port"]!.GetValue<int>());

        var victim = blue[0]["pod/".Length..];
        Assert.Contains("deleted", await Kubectl.SucceedAsync(kubeconfig, "delete", "pod", victim));
        Assert.Null(cluster.TryGetPod("default", victim));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "color=blue") == 3, TimeSpan.FromSeconds(10), "replacement pod");

        cluster.SetImageBehavior("registry.example/web:broken", PodFailure.ImagePullBackOff);
        await Kubectl.SucceedAsync(kubeconfig, "patch", "deployment", "web", "--type", "merge", "-p", """{"spec":{"progressDeadlineSeconds":2}}""");
        await Kubectl.SucceedAsync(kubeconfig, "set", "image", "deployment/web", "app=registry.example/web:broken");
        var (code, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, "rollout", "status", "deployment/web", "--timeout=30s");
        Assert.NotEqual(0, code);
        Assert.Contains("exceeded its progress deadline", stderr + stdout);
        var pods = JsonNode.Parse(await Kubectl.SucceedAsync(kubeconfig, "get", "pods", "-l", "color=blue", "-o", "json"))!["items"]!.AsArray();
        Assert.Contains(pods, p => p!["status"]!["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "ImagePullBackOff");
        Assert.Matches(@"0/1\s+ImagePullBackOff", await Kubectl.SucceedAsync(kubeconfig, "get", "pods", "-l", "color=blue"));
        Assert.Equal(3, Manifests.ReadyPods(cluster, "default", "color=blue"));
    }

    [Fact]
    public async Task Kubectl_with_a_wrong_token_is_rejected_as_unauthorized()
    {
        using var dir = new TempDirectory();
        await using var cluster = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = "right" });
        var kubeconfig = cluster.WriteKubeConfig(dir.File("config"), token: "wrong");
        var (code, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, "get", "pods");
        Assert.NotEqual(0, code);
        Assert.Contains("provide credentials", stderr + stdout);
    }

    [Fact]
    public async Task Kubectl_rejects_a_client_certificate_from_another_ca()
    {
        using var dir = new TempDirectory();
        await using var other = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { Https = true });
        await using var cluster = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { Https = true, RequireClientCertificate = true });
        var kubeconfig = cluster.WriteKubeConfig(dir.File("config"), clientCertificate: other.IssueClientCertificate("intruder"));
        var (code, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, "get", "pods");
        Assert.NotEqual(0, code);
        Assert.Contains("provide credentials", stderr + stdout);
    }

    [Fact]
    public async Task Kubectl_discovers_resources_and_short_names_without_openapi()
    {
        using var dir = new TempDirectory();
        await using var cluster = await TestCluster.TestCluster.StartAsync();
        var kubeconfig = cluster.WriteKubeConfig(dir.File("config"));
        var resources = await Kubectl.SucceedAsync(kubeconfig, "api-resources");
        foreach (var expected in new[] { "deployments", "horizontalpodautoscalers", "virtualservices", "cronjobs", "ingresses", "persistentvolumeclaims" })
            Assert.Contains(expected, resources);
        cluster.Apply(Manifests.Deployment("api", 1));
        Assert.Contains("deployment.apps/api", await Kubectl.SucceedAsync(kubeconfig, "get", "deploy", "-o", "name"));
        Assert.Contains("v1.32.0", await Kubectl.SucceedAsync(kubeconfig, "version", "-o", "json"));
        using var http = new ClusterHttp(cluster);
        using var openapi = await http.SendAsync(HttpMethod.Get, "/openapi/v2");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, openapi.StatusCode);
        Assert.Contains(cluster.RequestLog, line => line.StartsWith("GET /apis", StringComparison.Ordinal));
    }
}
