using OpsModule.Core.Kubernetes.Auth;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Tests.Config;

/// <summary>The kubeconfig shapes that az, aws and gcloud write, parsed into connection settings.</summary>
public sealed class CloudKubeConfigTests
{
    private static readonly string FakeCaData = TestPki.Base64(TestPki.Pem(TestPki.CreateCa("fake-cluster-ca")));

    private static string AksKubeConfig => $$"""
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: {{FakeCaData}}
            server: https://aks-prod-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443
          name: aks-prod
        contexts:
        - context:
            cluster: aks-prod
            namespace: shop
            user: clusterUser_rg-prod_aks-prod
          name: aks-prod
        current-context: aks-prod
        kind: Config
        preferences: {}
        users:
        - name: clusterUser_rg-prod_aks-prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              args:
              - get-token
              - --login
              - azurecli
              - --server-id
              - 6dae42f8-4368-4678-94ff-3960e28e3630
              command: kubelogin
              env: null
              installHint: |2

                kubelogin is not installed which is required to connect to AAD enabled cluster.

                To learn more, please go to https://aka.ms/aks/kubelogin
              provideClusterInfo: false
        """;

    [Fact]
    public void Aks_kubelogin_exec_user_is_read_with_args_and_install_hint()
    {
        var config = KubernetesClientConfiguration.FromKubeConfigText(AksKubeConfig);

        Assert.Equal(new Uri("https://aks-prod-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443"), config.Server);
        Assert.Equal("shop", config.Namespace);
        Assert.Equal("aks-prod", config.ContextName);
        Assert.Equal("aks-prod", config.ClusterName);
        Assert.Equal("clusterUser_rg-prod_aks-prod", config.UserName);
        Assert.True(config.HasCertificateAuthority);
        Assert.Equal(AuthenticationKind.Exec, config.AuthenticationKind);

        var exec = config.Exec!;
        Assert.Equal(ExecPluginSettings.V1Beta1, exec.ApiVersion);
        Assert.Equal("kubelogin", exec.Command);
        Assert.Equal(["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"], exec.Args);
        Assert.Empty(exec.Env);
        Assert.Contains("https://aka.ms/aks/kubelogin", exec.InstallHint);
        Assert.Null(exec.ClusterInfo);
    }

    [Fact]
    public void Eks_aws_exec_user_carries_its_environment()
    {
        var yaml = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: CA_DATA
                server: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
              name: arn:aws:eks:eu-west-1:111122223333:cluster/prod
            contexts:
            - context:
                cluster: arn:aws:eks:eu-west-1:111122223333:cluster/prod
                user: arn:aws:eks:eu-west-1:111122223333:cluster/prod
              name: arn:aws:eks:eu-west-1:111122223333:cluster/prod
            current-context: arn:aws:eks:eu-west-1:111122223333:cluster/prod
            kind: Config
            preferences: {}
            users:
            - name: arn:aws:eks:eu-west-1:111122223333:cluster/prod
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args:
                  - --region
                  - eu-west-1
                  - eks
                  - get-token
                  - --cluster-name
                  - prod
                  - --output
                  - json
                  command: aws
                  env:
                  - name: AWS_PROFILE
                    value: ops-readonly
            """.Replace("CA_DATA", FakeCaData);

        var config = KubernetesClientConfiguration.FromKubeConfigText(yaml);

        Assert.Equal("default", config.Namespace);
        Assert.Equal("arn:aws:eks:eu-west-1:111122223333:cluster/prod", config.ContextName);
        var exec = config.Exec!;
        Assert.Equal("aws", exec.Command);
        Assert.Equal(["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod", "--output", "json"], exec.Args);
        Assert.Equal([new KeyValuePair<string, string>("AWS_PROFILE", "ops-readonly")], exec.Env);
    }

    private static string GkeKubeConfig => $$"""
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: {{FakeCaData}}
            server: https://34.77.10.20
            extensions:
            - extension:
                last-update: Mon, 01 Jan 2024 10:00:00 UTC
                provider: gke
              name: cluster_info
          name: gke_shop-prod_europe-west1_prod
        contexts:
        - context:
            cluster: gke_shop-prod_europe-west1_prod
            user: gke_shop-prod_europe-west1_prod
          name: gke_shop-prod_europe-west1_prod
        current-context: gke_shop-prod_europe-west1_prod
        kind: Config
        preferences: {}
        users:
        - name: gke_shop-prod_europe-west1_prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: gke-gcloud-auth-plugin-not-installed-here
              installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
                https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
              provideClusterInfo: true
        """;

    [Fact]
    public void Gke_plugin_gets_cluster_info_and_ignores_extensions()
    {
        var config = KubernetesClientConfiguration.FromKubeConfigText(GkeKubeConfig);

        Assert.Equal(new Uri("https://34.77.10.20"), config.Server);
        var cluster = config.Exec!.ClusterInfo!;
        Assert.Equal("https://34.77.10.20", cluster.Server);
        Assert.Equal(config.CertificateAuthorityPem, cluster.CertificateAuthorityData);

        var execInfo = System.Text.Json.Nodes.JsonNode.Parse(ExecPluginRunner.ExecInfoJson(config.Exec))!;
        Assert.Equal("ExecCredential", (string?)execInfo["kind"]);
        Assert.Equal(ExecPluginSettings.V1Beta1, (string?)execInfo["apiVersion"]);
        Assert.False((bool)execInfo["spec"]!["interactive"]!);
        Assert.Equal("https://34.77.10.20", (string?)execInfo["spec"]!["cluster"]!["server"]);
        Assert.Equal(FakeCaData, (string?)execInfo["spec"]!["cluster"]!["certificate-authority-data"]);
    }

    [Fact]
    public async Task Gke_plugin_missing_from_PATH_says_so_with_the_install_hint()
    {
        var config = KubernetesClientConfiguration.FromKubeConfigText(GkeKubeConfig);
        using var client = new HttpClient(config.CreateHandler());

        var error = await Assert.ThrowsAsync<ExecCredentialException>(() => client.GetAsync(config.Server));

        Assert.Equal(ExecCredentialFailure.PluginNotFound, error.Failure);
        Assert.Contains(
            "the kubeconfig user 'gke_shop-prod_europe-west1_prod' uses exec plugin 'gke-gcloud-auth-plugin-not-installed-here' which was not found on PATH.",
            error.Message);
        Assert.Contains("https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin", error.Message);
    }

    [Fact]
    public void Legacy_auth_provider_is_rejected_with_the_exec_plugin_migration()
    {
        var yaml = """
            clusters: [{name: c, cluster: {server: "https://aks.example:443"}}]
            users:
            - name: azure-user
              user:
                auth-provider:
                  name: azure
                  config:
                    access-token: fake-access-token-do-not-print
            contexts: [{name: x, context: {cluster: c, user: azure-user}}]
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Equal(KubeConfigErrorKind.Unsupported, error.Kind);
        Assert.Contains("auth-provider 'azure'", error.Message);
        Assert.Contains("kubelogin convert-kubeconfig", error.Message);
        Assert.DoesNotContain("fake-access-token-do-not-print", error.Message);
    }

    [Theory]
    [InlineData("client.authentication.k8s.io/v1alpha1", KubeConfigErrorKind.Unsupported)]
    [InlineData("", KubeConfigErrorKind.Invalid)]
    public void Exec_api_version_must_be_v1_or_v1beta1(string apiVersion, KubeConfigErrorKind kind)
    {
        var yaml = $$"""
            clusters:
            - name: c
              cluster: {server: "https://k8s.example"}
            users:
            - name: u
              user:
                exec: {apiVersion: "{{apiVersion}}", command: plugin}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Equal(kind, error.Kind);
        Assert.Contains("client.authentication.k8s.io/v1", error.Message);
    }
}
