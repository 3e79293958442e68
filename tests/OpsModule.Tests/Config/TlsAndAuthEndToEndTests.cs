using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Config;

/// <summary>The handler from CreateHandler against a real https server: trust, names, client certificates, headers.</summary>
public sealed class TlsAndAuthEndToEndTests : IClassFixture<TlsServersFixture>, IDisposable
{
    private readonly TlsServersFixture _servers;
    private readonly TempDirectory _dir = new();

    public TlsAndAuthEndToEndTests(TlsServersFixture servers)
    {
        _servers = servers;
        foreach (var server in new[] { servers.ByIp, servers.ByName })
        {
            server.Authorizations.Clear();
            server.ServerNames.Clear();
            server.ClientCertificates.Clear();
            server.Bodies.Clear();
            server.Rejected.Clear();
        }
    }

    public void Dispose() => _dir.Dispose();

    private string CaData(System.Security.Cryptography.X509Certificates.X509Certificate2? ca = null) =>
        TestPki.Base64(TestPki.Pem(ca ?? _servers.Ca));

    private KubernetesClientConfiguration Config(Uri server, string clusterFields, string userFields) =>
        KubernetesClientConfiguration.FromKubeConfigText($$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {{server}}
            {{clusterFields}}
            users:
            - name: tester
              user:
            {{userFields}}
            contexts:
            - name: test
              context: {cluster: test, user: tester, namespace: ops}
            current-context: test
            """, baseDirectory: _dir.Path);

    private static async Task<HttpResponseMessage> GetAsync(KubernetesClientConfiguration config, Uri? url = null)
    {
        using var client = new HttpClient(config.CreateHandler());
        return await client.GetAsync(url ?? new Uri(config.Server, "/api"));
    }

    [Fact]
    public async Task Kubeconfig_CA_is_trusted_and_the_bearer_token_arrives()
    {
        var config = Config(_servers.ByIp.Url, $"    certificate-authority-data: {CaData()}", "    token: fake-bearer-token-42");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer fake-bearer-token-42", Assert.Single(_servers.ByIp.Authorizations));
    }

    [Fact]
    public async Task A_CA_bundle_with_several_certificates_is_accepted()
    {
        var bundle = TestPki.Pem(_servers.OtherCa) + "\n" + TestPki.Pem(_servers.Ca) + "\n";
        _dir.Write("bundle.crt", bundle);
        var config = Config(_servers.ByIp.Url, "    certificate-authority: bundle.crt", "    token: fake");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Server_signed_by_a_different_CA_is_refused()
    {
        var config = Config(_servers.ByIp.Url, $"    certificate-authority-data: {CaData(_servers.OtherCa)}", "    token: fake-bearer-token-42");

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(config));
        Assert.Empty(_servers.ByIp.Authorizations);
    }

    [Fact]
    public async Task Without_a_CA_the_system_store_decides_and_refuses_a_private_CA()
    {
        var config = Config(_servers.ByIp.Url, "", "    token: fake");

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(config));
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_certificate()
    {
        var config = Config(_servers.ByName.Url, "    insecure-skip-tls-verify: true", "    token: fake");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(config.InsecureSkipTlsVerify);
    }

    [Fact]
    public async Task Certificate_for_another_name_is_refused_even_from_the_trusted_CA()
    {
        var config = Config(_servers.ByName.Url, $"    certificate-authority-data: {CaData()}", "    token: fake");

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(config));
    }

    [Fact]
    public async Task Tls_server_name_is_checked_and_sent_as_SNI_when_the_URL_host_differs()
    {
        var config = Config(
            _servers.ByName.Url,
            $"    certificate-authority-data: {CaData()}\n    tls-server-name: kube.internal",
            "    token: fake");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kube.internal", Assert.Single(_servers.ByName.ServerNames));
    }

    [Fact]
    public async Task WebSocket_upgrade_through_the_handler_is_authenticated_and_uses_tls_server_name()
    {
        var config = Config(
            _servers.ByName.Url,
            $"    certificate-authority-data: {CaData()}\n    tls-server-name: kube.internal",
            "    token: fake-websocket-token");
        using var invoker = new HttpMessageInvoker(config.CreateHandler());
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        var url = new UriBuilder(config.Server) { Scheme = "wss", Path = "/api/v1/namespaces/ops/pods/web-0/exec" }.Uri;

        await socket.ConnectAsync(url, invoker, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("Bearer fake-websocket-token", Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal("kube.internal", Assert.Single(_servers.ByName.ServerNames));
    }

    [Fact]
    public async Task Tls_server_name_must_match_the_certificate()
    {
        var config = Config(
            _servers.ByIp.Url,
            $"    certificate-authority-data: {CaData()}\n    tls-server-name: kube.internal",
            "    token: fake");

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(config));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Client_certificate_from_files_is_presented(bool rsa)
    {
        var (certificatePem, keyPem) = TestPki.IssueClient(_servers.Ca, rsa ? "rsa-admin" : "ec-admin", rsa);
        _dir.Write("pki/client.crt", certificatePem);
        _dir.Write("pki/client.key", keyPem);
        var config = Config(
            _servers.ByIp.Url,
            $"    certificate-authority-data: {CaData()}",
            "    client-certificate: pki/client.crt\n    client-key: pki/client.key");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var presented = Assert.Single(_servers.ByIp.ClientCertificates);
        Assert.NotNull(presented);
        Assert.Equal(rsa ? "CN=rsa-admin, O=system:masters" : "CN=ec-admin, O=system:masters", presented.Subject);
        Assert.Equal(rsa, presented.GetRSAPublicKey() is not null);
        Assert.Null(Assert.Single(_servers.ByIp.Authorizations));
    }

    [Fact]
    public async Task Inline_client_certificate_data_is_presented()
    {
        var (certificatePem, keyPem) = TestPki.IssueClient(_servers.Ca, "inline-user", rsa: false);
        var config = Config(
            _servers.ByIp.Url,
            $"    certificate-authority-data: {CaData()}",
            $"    client-certificate-data: {TestPki.Base64(certificatePem)}\n    client-key-data: {TestPki.Base64(keyPem)}");

        using var response = await GetAsync(config);

        Assert.Equal("CN=inline-user, O=system:masters", Assert.Single(_servers.ByIp.ClientCertificates)!.Subject);
    }

    [Fact]
    public async Task Basic_auth_header_arrives()
    {
        var config = Config(_servers.ByIp.Url, $"    certificate-authority-data: {CaData()}", "    username: ops\n    password: fake-pässword");

        using var response = await GetAsync(config);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:fake-pässword"));
        Assert.Equal(expected, Assert.Single(_servers.ByIp.Authorizations));
    }

    [Fact]
    public async Task Token_file_change_is_picked_up_by_the_next_request()
    {
        var tokenPath = _dir.Write("token", "fake-file-token-one\n");
        var config = Config(_servers.ByIp.Url, $"    certificate-authority-data: {CaData()}", "    tokenFile: token");
        using var client = new HttpClient(config.CreateHandler());

        (await client.GetAsync(new Uri(config.Server, "/api"))).Dispose();
        File.WriteAllText(tokenPath, "fake-file-token-rotated-two\n");
        (await client.GetAsync(new Uri(config.Server, "/api"))).Dispose();

        Assert.Equal(new string?[] { "Bearer fake-file-token-one", "Bearer fake-file-token-rotated-two" }, (IEnumerable<string?>)_servers.ByIp.Authorizations);
    }

    [Fact]
    public async Task In_cluster_service_account_connects_with_its_CA_and_token()
    {
        _dir.Write("sa/token", "fake-sa-token\n");
        _dir.Write("sa/ca.crt", TestPki.Pem(_servers.Ca));
        _dir.Write("sa/namespace", "ops-system");
        var url = _servers.ByIp.Url;
        var env = new KubeConfigEnvironment(
            name => name switch
            {
                "KUBERNETES_SERVICE_HOST" => url.Host,
                "KUBERNETES_SERVICE_PORT" => url.Port.ToString(),
                _ => null,
            },
            Path.Combine(_dir.Path, "sa"));
        var config = KubeConfigLoader.Load(null, null, env);

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ops-system", config.Namespace);
        Assert.Equal("Bearer fake-sa-token", Assert.Single(_servers.ByIp.Authorizations));
    }

    [UnixFact]
    public async Task Exec_token_rejected_with_401_is_refreshed_and_the_request_retried_once()
    {
        WriteCountingPlugin();
        _servers.ByIp.Rejected["Bearer fake-exec-token-1"] = true;
        var config = ExecConfig();
        using var client = new HttpClient(config.CreateHandler());

        using var response = await client.PostAsync(new Uri(config.Server, "/api/v1/namespaces"), new StringContent("{\"kind\":\"Namespace\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new string?[] { "Bearer fake-exec-token-1", "Bearer fake-exec-token-2" }, (IEnumerable<string?>)_servers.ByIp.Authorizations);
        Assert.Equal(["{\"kind\":\"Namespace\"}", "{\"kind\":\"Namespace\"}"], _servers.ByIp.Bodies.ToArray());
    }

    [UnixFact]
    public async Task Exec_401_with_a_streamed_body_is_not_replayed_but_the_next_request_uses_the_new_token()
    {
        WriteCountingPlugin();
        _servers.ByIp.Rejected["Bearer fake-exec-token-1"] = true;
        var config = ExecConfig();
        using var client = new HttpClient(config.CreateHandler());

        using var first = await client.PostAsync(
            new Uri(config.Server, "/api"), new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("stream"))));
        using var second = await client.GetAsync(new Uri(config.Server, "/api"));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new string?[] { "Bearer fake-exec-token-1", "Bearer fake-exec-token-2" }, (IEnumerable<string?>)_servers.ByIp.Authorizations);
    }

    [UnixFact]
    public async Task Exec_plugin_client_certificate_is_presented()
    {
        var (certificatePem, keyPem) = TestPki.IssueClient(_servers.Ca, "exec-cert-user", rsa: true);
        var credential = JsonSerializer.Serialize(new
        {
            apiVersion = "client.authentication.k8s.io/v1",
            kind = "ExecCredential",
            status = new { clientCertificateData = certificatePem, clientKeyData = keyPem },
        });
        _dir.Write("credential.json", credential);
        _dir.WriteScript("bin/cert-plugin", "cat \"$(dirname \"$0\")/../credential.json\"\n");
        var config = Config(
            _servers.ByIp.Url,
            $"    certificate-authority-data: {CaData()}",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ./bin/cert-plugin\n      interactiveMode: Never");

        using var response = await GetAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=exec-cert-user, O=system:masters", Assert.Single(_servers.ByIp.ClientCertificates)!.Subject);
        Assert.Null(Assert.Single(_servers.ByIp.Authorizations));
    }

    private KubernetesClientConfiguration ExecConfig() => Config(
        _servers.ByIp.Url,
        $"    certificate-authority-data: {CaData()}",
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: bin/plugin");

    private void WriteCountingPlugin() => _dir.WriteScript("bin/plugin", """
        dir="$(dirname "$0")/.."
        echo run >> "$dir/runs"
        n=$(wc -l < "$dir/runs" | tr -d ' ')
        printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"fake-exec-token-%s"}}' "$n"
        """);
}
