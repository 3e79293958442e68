using System.Net;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Exec;

/// <summary>Exec over https (wss) against a cluster that requires a bearer token.</summary>
public sealed class ExecAuthTests : IAsyncLifetime
{
    private const string Token = "exec-test-token-5f1d2c";

    private readonly string _directory = Directory.CreateTempSubdirectory("opsmodule-exec-auth-").FullName;
    private readonly List<HttpMessageHandler> _handlers = [];
    private OpsModule.TestCluster.TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OpsModule.TestCluster.TestCluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = Token });
        _cluster.Apply("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db","namespace":"prod"},
             "spec":{"containers":[{"name":"postgres","image":"postgres:15","env":[{"name":"POSTGRES_DB","value":"orders"}]}]}}
            """);
        await _cluster.WaitUntilAsync(c => (string?)c.TryGetPod("prod", "db")?["status"]?["phase"] == "Running", TimeSpan.FromSeconds(10), "pod running");
    }

    [Fact]
    public async Task Exec_runs_over_tls_with_the_handler_built_from_a_token_kubeconfig()
    {
        var client = ClientFromKubeConfig(token: Token);

        var output = await client.CaptureAsync(new PodExecRequest("prod", "db", ["sh", "-c", "echo $POSTGRES_DB"]));

        Assert.Equal(Uri.UriSchemeHttps, _cluster.Url.Scheme);
        Assert.Equal("orders\n", output.StandardOutput);
    }

    [Fact]
    public async Task Exec_runs_with_a_client_certificate_from_the_kubeconfig()
    {
        var client = ClientFromKubeConfig(clientCertificate: _cluster.IssueClientCertificate("ops-admin"));

        var output = await client.CaptureAsync(new PodExecRequest("prod", "db", ["echo", "mtls"]));

        Assert.Equal("mtls\n", output.StandardOutput);
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_whose_message_does_not_contain_the_token()
    {
        const string wrongToken = "wrong-token-9a8b7c";
        var client = ClientFromKubeConfig(token: wrongToken);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.StartAsync(new PodExecRequest("prod", "db", ["true"]), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("credentials", error.Message);
        Assert.DoesNotContain(wrongToken, error.ToString());
        Assert.DoesNotContain(Token, error.ToString());
        Assert.Empty(_cluster.Exec.Invocations);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_fails_before_anything_runs()
    {
        using var handler = new BearerHandler(Token) { InnerHandler = new SocketsHttpHandler() };
        var client = new PodExecClient(_cluster.Url, handler);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.StartAsync(new PodExecRequest("prod", "db", ["true"]), CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Contains("could not reach", error.Message);
        Assert.Empty(_cluster.Exec.Invocations);
    }

    [Fact]
    public async Task Kubectl_exec_works_over_tls_with_a_token()
    {
        var directory = Directory.CreateTempSubdirectory("opsmodule-kubectl-exec-tls-").FullName;
        try
        {
            var kubeConfig = _cluster.WriteKubeConfig(Path.Combine(directory, "config"), @namespace: "prod");
            var startInfo = new System.Diagnostics.ProcessStartInfo("kubectl", ["--kubeconfig", kubeConfig, "exec", "db", "--", "sh", "-c", "echo $POSTGRES_DB; exit 5"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["HOME"] = directory },
            };
            using var process = System.Diagnostics.Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(process.ExitCode == 5, await stderr);
            Assert.Equal("orders\n", await stdout);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private PodExecClient ClientFromKubeConfig(string? token = null, (string CertificatePem, string KeyPem)? clientCertificate = null)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}");
        _cluster.WriteKubeConfig(path, token, clientCertificate);
        var configuration = KubernetesClientConfiguration.Load(path);
        var handler = configuration.CreateHandler();
        _handlers.Add(handler);
        return new PodExecClient(configuration.Server, handler);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var handler in _handlers) handler.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
