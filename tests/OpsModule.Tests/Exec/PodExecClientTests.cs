using System.Net;
using System.Text;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Tests.Exec;

public sealed class PodExecClientTests : IClassFixture<ExecClusterFixture>
{
    private readonly ExecClusterFixture _fixture;

    public PodExecClientTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
    }

    private PodExecClient Client => _fixture.Client;

    [Fact]
    public async Task Echo_prints_its_arguments_and_exits_zero()
    {
        var output = await Client.CaptureAsync(ExecClusterFixture.Request("echo", "hi", "there"));

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("hi there\n", output.StandardOutput);
        Assert.Equal("", output.StandardError);
    }

    [Fact]
    public async Task Arguments_reach_the_process_verbatim_without_a_shell()
    {
        var output = await Client.CaptureAsync(ExecClusterFixture.Request("printf", "%s|", "a b", "$HOME", "ü&=?", ""));

        Assert.Equal("a b|$HOME|ü&=?||", output.StandardOutput);
    }

    [Fact]
    public async Task Negotiates_v5_and_can_close_stdin()
    {
        await using var session = await Client.StartAsync(ExecClusterFixture.Request("true"), CancellationToken.None);

        Assert.Equal("v5.channel.k8s.io", session.NegotiatedProtocol);
        Assert.True(session.CanCloseStdin);
        Assert.Equal(0, (await session.Completion).ExitCode);
    }

    [Fact]
    public async Task Stdout_and_stderr_arrive_on_separate_streams()
    {
        var output = await Client.CaptureAsync(ExecClusterFixture.Shell("echo out1; echo err1 >&2; echo out2; echo err2 >&2"));

        Assert.Equal("out1\nout2\n", output.StandardOutput);
        Assert.Equal("err1\nerr2\n", output.StandardError);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(255)]
    public async Task Non_zero_exit_codes_come_back_from_the_status_channel(int exitCode)
    {
        var output = await Client.CaptureAsync(ExecClusterFixture.Shell($"echo before; exit {exitCode}"));

        Assert.Equal(exitCode, output.ExitCode);
        Assert.False(output.Succeeded);
        Assert.Equal("before\n", output.StandardOutput);
    }

    [Fact]
    public async Task Only_the_requested_streams_are_attached()
    {
        var request = ExecClusterFixture.Shell("echo out; echo err >&2") with { Stderr = false };
        await using var session = await Client.StartAsync(request, CancellationToken.None);

        var stdout = await new StreamReader(session.StandardOutput).ReadToEndAsync();
        var stderr = await new StreamReader(session.StandardError).ReadToEndAsync();

        Assert.Equal("out\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, (await session.Completion).ExitCode);
        Assert.Throws<NotSupportedException>(() => session.StandardInput.Write([1]));
    }

    [Fact]
    public async Task Env_values_of_the_pod_spec_are_visible_to_the_command()
    {
        var output = await Client.CaptureAsync(ExecClusterFixture.Shell("echo \"$FOO|$HOSTNAME|${FROM_SECRET-unset}\""));

        Assert.Equal("bar|runner|unset\n", output.StandardOutput);
    }

    [Fact]
    public async Task The_named_container_of_a_multi_container_pod_is_used()
    {
        var request = new PodExecRequest(ExecClusterFixture.Namespace, ExecClusterFixture.MultiContainerPod, ["sh", "-c", "echo $APP_ROLE"])
        {
            Container = "sidecar",
        };

        var output = await Client.CaptureAsync(request);

        Assert.Equal("sidecar\n", output.StandardOutput);
        Assert.Equal("sidecar", _fixture.Exec.Invocations.Single().Container);
    }

    [Fact]
    public async Task A_multi_container_pod_without_a_container_name_is_refused_like_the_api_server_does()
    {
        var request = new PodExecRequest(ExecClusterFixture.Namespace, ExecClusterFixture.MultiContainerPod, ["true"]);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => Client.StartAsync(request, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("a container name must be specified for pod multi, choose one of: [app sidecar]", error.Message);
    }

    [Fact]
    public async Task A_missing_pod_is_a_404_with_the_server_message()
    {
        var request = new PodExecRequest(ExecClusterFixture.Namespace, "no-such-pod", ["true"]);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => Client.StartAsync(request, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.True(error.IsNotFound);
        Assert.Equal("NotFound", error.Reason);
        Assert.Contains("pods \"no-such-pod\" not found", error.Message);
        Assert.Equal("/api/v1/namespaces/default/pods/no-such-pod/exec", error.RequestPath);
    }

    [Fact]
    public async Task An_unknown_container_is_a_400()
    {
        var request = ExecClusterFixture.Request("true") with { Container = "nope" };

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => Client.StartAsync(request, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("container nope is not valid for pod runner", error.Message);
    }

    [Fact]
    public async Task A_container_that_is_not_running_is_refused_with_kubelets_message()
    {
        _fixture.Cluster.Apply($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"crashing","namespace":"default"},
             "spec":{"nodeName":"node-1","containers":[{"name":"db","image":"postgres:15"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"db","ready":false,"restartCount":5,
                       "state":{"waiting":{"reason":"CrashLoopBackOff"} } }]}}
            """);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            Client.StartAsync(new PodExecRequest("default", "crashing", ["true"]), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("container not found (\"db\")", error.Message);
    }

    [Fact]
    public async Task An_unscheduled_pod_is_refused_by_the_api_server()
    {
        _fixture.Cluster.Apply($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unscheduled","namespace":"default"},
             "spec":{"containers":[{"name":"db","image":"postgres:15"}]},"status":{"phase":"Pending"}}
            """);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            Client.StartAsync(new PodExecRequest("default", "unscheduled", ["true"]), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("pod unscheduled does not have a host assigned", error.Message);
    }

    [Fact]
    public async Task A_command_that_cannot_start_fails_completion_with_the_runtime_error()
    {
        await using var session = await Client.StartAsync(ExecClusterFixture.Request("no-such-binary-xyz"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => session.Completion);

        Assert.Equal("InternalError", error.Reason);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("no-such-binary-xyz", error.Message);
        Assert.Equal(0, await session.StandardOutput.ReadAsync(new byte[16]));
    }

    [Fact]
    public async Task Invalid_requests_are_rejected_before_connecting()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.StartAsync(ExecClusterFixture.Request(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.StartAsync(ExecClusterFixture.Request("true") with { Stdout = false, Stderr = false }, CancellationToken.None));
        Assert.Empty(_fixture.Exec.Invocations);
    }

    [Fact]
    public async Task The_handler_supplies_the_authorization_header_and_errors_never_echo_it()
    {
        const string token = "super-secret-token-value";
        var recorder = new HeaderRecordingHandler(token) { InnerHandler = new SocketsHttpHandler() };
        var client = new PodExecClient(_fixture.Cluster.Url, recorder);

        var output = await client.CaptureAsync(ExecClusterFixture.Request("echo", "ok"));
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.StartAsync(new PodExecRequest("default", "ghost", ["true"]), CancellationToken.None));

        Assert.Equal("ok\n", output.StandardOutput);
        Assert.Equal($"Bearer {token}", recorder.LastAuthorization);
        Assert.DoesNotContain(token, error.ToString());
    }

    [Fact]
    public async Task A_base_url_with_a_path_prefix_keeps_the_prefix()
    {
        var recorder = new HeaderRecordingHandler("t") { InnerHandler = new SocketsHttpHandler() };
        var client = new PodExecClient(new Uri(_fixture.Cluster.Url, "/k8s/clusters/c-1/"), recorder);

        await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.StartAsync(ExecClusterFixture.Request("echo", "a&b"), CancellationToken.None));

        Assert.Equal("/k8s/clusters/c-1/api/v1/namespaces/default/pods/runner/exec", recorder.LastUri!.AbsolutePath);
        Assert.Equal("?command=echo&command=a%26b&stderr=1&stdin=0&stdout=1&tty=0", recorder.LastUri.Query);
    }

    [Fact]
    public async Task ExecAsync_streams_stdin_through_the_command_and_returns_its_exit_code()
    {
        var input = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"line {i}")) + "\n");
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();

        var exitCode = await Client.ExecAsync(ExecClusterFixture.Shell("wc -l; echo done >&2; exit 4"), new MemoryStream(input), stdout, stderr, CancellationToken.None);

        Assert.Equal(4, exitCode);
        Assert.Equal("20000", Encoding.UTF8.GetString(stdout.ToArray()).Trim());
        Assert.Equal("done\n", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task CaptureAsync_refuses_output_beyond_its_cap()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            Client.CaptureAsync(ExecClusterFixture.Request("head", "-c", "100000", "/dev/zero"), maxBytes: 10_000));
    }

    private sealed class HeaderRecordingHandler(string token) : DelegatingHandler
    {
        public string? LastAuthorization { get; private set; }

        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            LastAuthorization = request.Headers.Authorization.ToString();
            LastUri = request.RequestUri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
