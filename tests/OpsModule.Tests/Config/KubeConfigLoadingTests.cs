using System.Text;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Config;

/// <summary>Where kubeconfigs are found, how several merge, and which context is used — the kubectl rules.</summary>
public sealed class KubeConfigLoadingTests : IDisposable
{
    private const string FakeToken = "fake-token-0123456789";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static KubeConfigEnvironment Env(Dictionary<string, string> variables, string? serviceAccountDirectory = null) =>
        new(name => variables.GetValueOrDefault(name), serviceAccountDirectory ?? "/nonexistent/serviceaccount");

    private static string TokenConfig(string context, string server, string token = FakeToken, string? ns = null) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {context}-cluster
          cluster:
            server: {server}
        users:
        - name: {context}-user
          user:
            token: {token}
        contexts:
        - name: {context}
          context:
            cluster: {context}-cluster
            user: {context}-user
            {(ns is null ? "" : "namespace: " + ns)}
        current-context: {context}
        """;

    [Fact]
    public void Plain_token_kubeconfig_from_explicit_path()
    {
        var path = _dir.Write("prod.yaml", TokenConfig("prod", "https://10.1.2.3:6443", ns: "payments"));

        var config = KubeConfigLoader.Load(path, null, Env([]));

        Assert.Equal(new Uri("https://10.1.2.3:6443"), config.Server);
        Assert.Equal("payments", config.Namespace);
        Assert.Equal("prod", config.ContextName);
        Assert.Equal(AuthenticationKind.Token, config.AuthenticationKind);
        Assert.Equal([path], config.SourceFiles);
        Assert.DoesNotContain(FakeToken, config.ToString());
    }

    [Fact]
    public void Explicit_path_that_does_not_exist_is_an_error_naming_it()
    {
        var missing = Path.Combine(_dir.Path, "nope.yaml");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(missing, null, Env([])));

        Assert.Equal(KubeConfigErrorKind.NotFound, error.Kind);
        Assert.Contains(missing, error.Message);
        Assert.Equal(missing, error.Target);
        Assert.Equal(missing, OpsModule.Core.Errors.OpsErrorClassifier.Classify(error).TargetObject);
    }

    [Fact]
    public void Nothing_found_and_not_in_a_cluster_tells_the_user_what_to_set()
    {
        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(null, null, Env(new() { ["HOME"] = _dir.Path })));

        Assert.Equal(KubeConfigErrorKind.NotFound, error.Kind);
        Assert.Contains("set KUBECONFIG or pass -KubeConfig", error.Message);
    }

    [Fact]
    public void Home_kube_config_is_used_when_KUBECONFIG_is_unset()
    {
        _dir.Write(Path.Combine("home", ".kube", "config"), TokenConfig("home", "https://home.example:6443"));

        var config = KubeConfigLoader.Load(null, null, Env(new() { ["HOME"] = Path.Combine(_dir.Path, "home") }));

        Assert.Equal("home", config.ContextName);
    }

    [Fact]
    public void USERPROFILE_is_used_when_HOME_has_no_kubeconfig()
    {
        _dir.Write(Path.Combine("profile", ".kube", "config"), TokenConfig("win", "https://win.example:6443"));

        var config = KubeConfigLoader.Load(null, null, Env(new()
        {
            ["HOME"] = Path.Combine(_dir.Path, "empty-home"),
            ["USERPROFILE"] = Path.Combine(_dir.Path, "profile"),
        }));

        Assert.Equal("win", config.ContextName);
    }

    [Fact]
    public void KUBECONFIG_files_merge_first_wins_with_paths_relative_to_each_file()
    {
        var ca = TestPki.CreateCa("merge-ca");
        var otherCa = TestPki.CreateCa("other-ca");
        _dir.Write(Path.Combine("team-a", "certs", "ca.crt"), TestPki.Pem(ca));
        _dir.Write(Path.Combine("team-b", "certs", "ca.crt"), TestPki.Pem(otherCa));
        _dir.Write(Path.Combine("team-b", "tokens", "ci.token"), "fake-ci-token\n");
        var first = _dir.Write(Path.Combine("team-a", "config"), """
            clusters:
            - name: shared
              cluster:
                server: https://first.example:6443
                certificate-authority: certs/ca.crt
            users:
            - name: shared-user
              user:
                token: fake-first-token
            contexts:
            - name: shared
              context: {cluster: shared, user: shared-user, namespace: first-ns}
            current-context: shared
            """);
        var second = _dir.Write(Path.Combine("team-b", "config"), """
            clusters:
            - name: shared
              cluster:
                server: https://second.example:6443
                certificate-authority: certs/ca.crt
            - name: ci
              cluster:
                server: https://ci.example:6443
                certificate-authority: certs/ca.crt
            users:
            - name: shared-user
              user:
                token: fake-second-token
            - name: ci-user
              user:
                tokenFile: tokens/ci.token
            contexts:
            - name: shared
              context: {cluster: shared, user: shared-user, namespace: second-ns}
            - name: ci
              context: {cluster: ci, user: ci-user}
            current-context: ci
            """);
        var missing = Path.Combine(_dir.Path, "missing", "config");
        var kubeconfig = string.Join(Path.PathSeparator, first, "", missing, second);

        var current = KubeConfigLoader.Load(null, null, Env(new() { ["KUBECONFIG"] = kubeconfig }));
        var ci = KubeConfigLoader.Load(null, "ci", Env(new() { ["KUBECONFIG"] = kubeconfig }));

        // current-context and the duplicate "shared" entries come from the first file.
        Assert.Equal("shared", current.ContextName);
        Assert.Equal(new Uri("https://first.example:6443"), current.Server);
        Assert.Equal("first-ns", current.Namespace);
        Assert.Equal("fake-first-token", current.Token);
        Assert.Equal(Encoding.ASCII.GetBytes(TestPki.Pem(ca)), current.CertificateAuthorityPem);
        Assert.Equal([first, second], current.SourceFiles);

        // Entries only in the second file resolve their relative paths against the second file's folder.
        Assert.Equal(new Uri("https://ci.example:6443"), ci.Server);
        Assert.Equal(Encoding.ASCII.GetBytes(TestPki.Pem(otherCa)), ci.CertificateAuthorityPem);
        Assert.Equal(Path.Combine(_dir.Path, "team-b", "tokens", "ci.token"), ci.TokenFile);
        Assert.Equal(AuthenticationKind.TokenFile, ci.AuthenticationKind);
    }

    [Fact]
    public void KUBECONFIG_listing_only_missing_files_falls_back_to_in_cluster_not_home()
    {
        _dir.Write(Path.Combine("home", ".kube", "config"), TokenConfig("home", "https://home.example:6443"));
        var serviceAccount = WriteServiceAccount("ops");

        var config = KubeConfigLoader.Load(null, null, Env(
            new()
            {
                ["KUBECONFIG"] = Path.Combine(_dir.Path, "gone.yaml"),
                ["HOME"] = Path.Combine(_dir.Path, "home"),
                ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
                ["KUBERNETES_SERVICE_PORT"] = "443",
            },
            serviceAccount));

        Assert.True(config.IsInCluster);
    }

    [Fact]
    public void Named_context_overrides_current_context()
    {
        var path = _dir.Write("config", """
            clusters:
            - {name: blue, cluster: {server: "https://blue.example"}}
            - {name: green, cluster: {server: "https://green.example"}}
            users:
            - {name: admin, user: {username: admin, password: fake-password-xyz}}
            contexts:
            - {name: blue, context: {cluster: blue, user: admin, namespace: web}}
            - {name: green, context: {cluster: green, user: admin}}
            current-context: blue
            """);

        var config = KubeConfigLoader.Load(path, "green", Env([]));

        Assert.Equal("green", config.ContextName);
        Assert.Equal(new Uri("https://green.example"), config.Server);
        Assert.Equal("default", config.Namespace);
        Assert.Equal(AuthenticationKind.Basic, config.AuthenticationKind);
        Assert.DoesNotContain("fake-password-xyz", config.ToString());
    }

    [Fact]
    public void Missing_context_lists_the_files_and_the_available_contexts()
    {
        var path = _dir.Write("config", TokenConfig("prod", "https://prod.example"));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(path, "staging", Env([])));

        Assert.Equal(KubeConfigErrorKind.ContextNotFound, error.Kind);
        Assert.Equal($"context 'staging' not found in {path}; available: prod.", error.Message);
        Assert.DoesNotContain(FakeToken, error.Message);
    }

    [Fact]
    public void No_current_context_asks_for_one()
    {
        var yaml = TokenConfig("prod", "https://prod.example").Replace("current-context: prod", "current-context: \"\"");

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Equal(KubeConfigErrorKind.ContextNotFound, error.Kind);
        Assert.Contains("pass -Context with one of: prod", error.Message);
    }

    [Fact]
    public void Context_naming_an_undefined_user_is_an_error()
    {
        var yaml = """
            clusters:
            - name: c
              cluster: {server: "https://k8s.example"}
            contexts: [{name: x, context: {cluster: c, user: ghost}}]
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Contains("refers to user 'ghost'", error.Message);
    }

    [Fact]
    public void Client_certificate_files_resolve_relative_to_the_kubeconfig_folder()
    {
        var ca = TestPki.CreateCa("kubeadm-ca");
        var (certificatePem, keyPem) = TestPki.IssueClient(ca, "kubernetes-admin", rsa: true);
        _dir.Write(Path.Combine("cluster", "pki", "ca.crt"), TestPki.Pem(ca));
        _dir.Write(Path.Combine("cluster", "pki", "admin.crt"), certificatePem);
        _dir.Write(Path.Combine("cluster", "pki", "admin.key"), keyPem);
        var path = _dir.Write(Path.Combine("cluster", "admin.conf"), """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubernetes
              cluster:
                certificate-authority: pki/ca.crt
                server: https://192.168.56.10:6443
            users:
            - name: kubernetes-admin
              user:
                client-certificate: ./pki/admin.crt
                client-key: pki/admin.key
            contexts:
            - name: kubernetes-admin@kubernetes
              context: {cluster: kubernetes, user: kubernetes-admin}
            current-context: kubernetes-admin@kubernetes
            """);

        // Loaded from another working directory: the paths must still resolve against the file's folder.
        var config = KubeConfigLoader.Load(path, null, Env([]));

        Assert.Equal(AuthenticationKind.ClientCertificate, config.AuthenticationKind);
        Assert.Equal(Encoding.ASCII.GetBytes(certificatePem), config.ClientCertificatePem);
        Assert.Equal(Encoding.ASCII.GetBytes(keyPem), config.ClientKeyPem);
        Assert.DoesNotContain("PRIVATE KEY", config.ToString());
        using var handler = config.CreateHandler();
    }

    [Fact]
    public void Missing_client_key_file_is_named_in_the_error()
    {
        var yaml = """
            clusters:
            - name: c
              cluster: {server: "https://k8s.example"}
            users: [{name: u, user: {client-certificate: missing.crt, client-key: missing.key}}]
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml, baseDirectory: _dir.Path));

        Assert.Contains($"client-certificate file '{Path.Combine(_dir.Path, "missing.crt")}' not found", error.Message);
    }

    [Fact]
    public void Certificate_without_key_is_rejected()
    {
        var ca = TestPki.CreateCa("ca");
        var (certificatePem, _) = TestPki.IssueClient(ca, "u", rsa: false);
        var yaml = $$"""
            clusters:
            - name: c
              cluster: {server: "https://k8s.example"}
            users:
            - name: u
              user:
                client-certificate-data: {{TestPki.Base64(certificatePem)}}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Contains("has a client-certificate but no client-key", error.Message);
    }

    [Fact]
    public void Token_and_password_together_are_rejected_without_quoting_them()
    {
        var yaml = """
            clusters:
            - name: c
              cluster: {server: "https://k8s.example"}
            users: [{name: u, user: {token: fake-token-aaa, username: bob, password: fake-password-bbb}}]
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Contains("both a token and username/password", error.Message);
        Assert.DoesNotContain("fake-token-aaa", error.Message);
        Assert.DoesNotContain("fake-password-bbb", error.Message);
    }

    [Fact]
    public void Insecure_skip_with_a_CA_is_rejected_like_kubectl()
    {
        var yaml = $$"""
            clusters:
            - name: c
              cluster:
                server: https://k8s.example
                insecure-skip-tls-verify: true
                certificate-authority-data: {{TestPki.Base64(TestPki.Pem(TestPki.CreateCa("x")))}}
            contexts:
            - name: x
              context: {cluster: c}
            current-context: x
            """;

        var error = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfigText(yaml));

        Assert.Contains("insecure-skip-tls-verify", error.Message);
    }

    [Fact]
    public void Broken_yaml_reports_the_position_but_not_the_content()
    {
        var path = _dir.Write("config", "users:\n- name: u\n  user:\n    token: \"fake-token-unterminated\n");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(path, null, Env([])));

        Assert.Equal(KubeConfigErrorKind.Invalid, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains("line", error.Message);
        Assert.DoesNotContain("fake-token-unterminated", error.Message);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_a_server_without_scheme_means_https()
    {
        var yaml = """
            apiVersion: v1
            kind: Config
            preferences: {colors: true}
            some-future-field: [1, 2]
            clusters: [{name: c, cluster: {server: "k8s.example:6443", future-option: yes}}]
            users: [{name: u, user: {token: fake, another-new-thing: 1}}]
            contexts: [{name: x, context: {cluster: c, user: u, extensions: []}}]
            current-context: x
            """;

        var config = KubernetesClientConfiguration.FromKubeConfigText(yaml);

        Assert.Equal(new Uri("https://k8s.example:6443"), config.Server);
    }

    [Fact]
    public void In_cluster_reads_the_service_account()
    {
        var serviceAccount = WriteServiceAccount("payments");

        var config = InClusterConfiguration.Create(Env(
            new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" }, serviceAccount));

        Assert.True(config.IsInCluster);
        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Server);
        Assert.Equal("payments", config.Namespace);
        Assert.True(config.HasCertificateAuthority);
        Assert.Equal(AuthenticationKind.TokenFile, config.AuthenticationKind);
        Assert.Equal(Path.Combine(serviceAccount, "token"), config.TokenFile);
    }

    [Fact]
    public void In_cluster_IPv6_service_host_gets_brackets()
    {
        var serviceAccount = WriteServiceAccount("default");

        var config = InClusterConfiguration.Create(Env(
            new() { ["KUBERNETES_SERVICE_HOST"] = "fd00:10:96::1", ["KUBERNETES_SERVICE_PORT"] = "443" }, serviceAccount));

        Assert.Equal(new Uri("https://[fd00:10:96::1]:443"), config.Server);
    }

    [Fact]
    public void In_cluster_without_service_environment_explains_itself()
    {
        var error = Assert.Throws<KubeConfigException>(() => InClusterConfiguration.Create(Env([], WriteServiceAccount("x"))));

        Assert.Equal(KubeConfigErrorKind.InClusterUnavailable, error.Kind);
        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message);
    }

    private string WriteServiceAccount(string ns)
    {
        var directory = Path.Combine(_dir.Path, "serviceaccount");
        _dir.Write(Path.Combine("serviceaccount", "token"), "fake-sa-token");
        _dir.Write(Path.Combine("serviceaccount", "ca.crt"), TestPki.Pem(TestPki.CreateCa("in-cluster-ca")));
        _dir.Write(Path.Combine("serviceaccount", "namespace"), ns);
        return directory;
    }
}
