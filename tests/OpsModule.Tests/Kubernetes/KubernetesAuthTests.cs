using System.Net;
using System.Text;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using k8s;
using k8s.Models;
using OpsModule.TestCluster;
using OpsModule.Tests.TestClusterFidelity;
using Cluster = OpsModule.TestCluster.TestCluster;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Kubernetes;

/// <summary>Our client against the test cluster with each way a kubeconfig authenticates, over http and https.</summary>
public sealed class KubernetesAuthTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_bearer_token_works_over_http_and_https(bool https)
    {
        await using var bed = await ClientTestBed.StartAsync(new TestClusterOptions { Https = https, RequiredToken = "token-for-ops" });

        var namespaces = await bed.Client.ListAsync<V1Namespace>(null, null, CancellationToken.None);

        Assert.Contains(namespaces, n => n.Name() == "default");
        Assert.Equal(https ? "https" : "http", bed.Client.Server.Scheme);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_certificate_signed_by_the_cluster_ca_is_accepted(bool ecdsa)
    {
        await using var cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequireClientCertificate = true });
        using var dir = new TempDirectory();
        var path = cluster.WriteKubeConfig(dir.File("config"), clientCertificate: cluster.IssueClientCertificate("ops-admin", ecdsa));
        using var client = new KubernetesApiClient(OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(path));

        var version = await client.GetVersionAsync(CancellationToken.None);

        Assert.NotNull(version.GitVersion);
    }

    [Fact]
    public async Task Without_the_client_certificate_the_cluster_refuses_with_401()
    {
        await using var cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequireClientCertificate = true });
        using var dir = new TempDirectory();
        var path = cluster.WriteKubeConfig(dir.File("config"));
        using var client = new KubernetesApiClient(OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(path));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ListAsync<V1Pod>("default", null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_cluster_whose_certificate_another_ca_signed_is_not_trusted()
    {
        await using var real = await Cluster.StartAsync(new TestClusterOptions { Https = true });
        await using var other = await Cluster.StartAsync(new TestClusterOptions { Https = true });
        using var dir = new TempDirectory();
        var yaml = File.ReadAllText(other.WriteKubeConfig(dir.File("other")));
        var path = dir.File("mixed");
        File.WriteAllText(path, yaml.Replace(other.Url.GetLeftPart(UriPartial.Authority), real.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        using var client = new KubernetesApiClient(OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(path),
            new KubernetesClientOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetVersionAsync(CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Contains("certificates in the kubeconfig", error.Message);
    }

    [Fact]
    public async Task An_exec_credential_plugin_supplies_the_token_like_kubelogin()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = "token-from-plugin" });
        using var dir = new TempDirectory();
        var plugin = dir.File("fake-kubelogin");
        File.WriteAllText(plugin, """
            #!/bin/sh
            echo run >> "$(dirname "$0")/runs"
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"token-from-plugin","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var caData = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaCertificatePem!));
        var config = dir.File("config");
        File.WriteAllText(config, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: aks-prod
              cluster:
                server: {cluster.Url.GetLeftPart(UriPartial.Authority)}
                certificate-authority-data: {caData}
            users:
            - name: clusterUser_rg_aks-prod
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./fake-kubelogin
                  args: [get-token, --login, azurecli, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]
                  interactiveMode: IfAvailable
            contexts:
            - name: aks-prod
              context:
                cluster: aks-prod
                user: clusterUser_rg_aks-prod
                namespace: ceoagent
            current-context: aks-prod
            """);
        var configuration = OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(config);
        using var client = new KubernetesApiClient(configuration);

        await client.ListAsync<V1Pod>("ceoagent", null, CancellationToken.None);
        await client.ListAsync<V1Service>("ceoagent", null, CancellationToken.None);

        Assert.Equal("ceoagent", client.DefaultNamespace);
        Assert.Single(File.ReadAllLines(dir.File("runs")));
    }
}
