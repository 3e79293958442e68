using System.Diagnostics;

namespace OpsModule.Tests.Exec;

/// <summary>Fidelity: the real kubectl (1.32, WebSocket exec with v5.channel.k8s.io) against the test cluster's exec endpoint.</summary>
public sealed class KubectlExecTests : IClassFixture<ExecClusterFixture>, IDisposable
{
    private readonly ExecClusterFixture _fixture;
    private readonly string _directory = Directory.CreateTempSubdirectory("opsmodule-kubectl-exec-").FullName;
    private readonly string _kubeConfig;

    public KubectlExecTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
        _kubeConfig = fixture.Cluster.WriteKubeConfig(Path.Combine(_directory, "config"));
    }

    [Fact]
    public async Task Kubectl_exec_prints_the_command_output()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync(null, "exec", ExecClusterFixture.Pod, "--", "echo", "hi");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("hi\n", stdout);
        var invocation = Assert.Single(_fixture.Exec.Invocations);
        Assert.Equal("v5.channel.k8s.io", invocation.Protocol); // WebSocket exec, not the SPDY fallback
        Assert.Equal(("main", false, true, true), (invocation.Container, invocation.Stdin, invocation.Stdout, invocation.Stderr));
    }

    [Fact]
    public async Task Kubectl_exec_propagates_the_exit_code()
    {
        var (exitCode, _, stderr) = await KubectlAsync(null, "exec", ExecClusterFixture.Pod, "--", "sh", "-c", "echo oops >&2; exit 3");

        Assert.Equal(3, exitCode);
        Assert.Contains("oops", stderr);
        Assert.Contains("command terminated with exit code 3", stderr);
    }

    [Fact]
    public async Task Kubectl_exec_with_stdin_pipes_input_through_cat_and_ends_on_eof()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync("line one\nline two\n", "exec", "-i", ExecClusterFixture.Pod, "--", "cat");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("line one\nline two\n", stdout);
    }

    [Fact]
    public async Task Kubectl_exec_sees_the_pod_env_and_selects_the_container()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync(
            null, "exec", ExecClusterFixture.MultiContainerPod, "-c", "sidecar", "--", "sh", "-c", "echo $APP_ROLE");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sidecar\n", stdout);
    }

    [Fact]
    public async Task Kubectl_exec_into_a_missing_pod_reports_not_found()
    {
        var (exitCode, _, stderr) = await KubectlAsync(null, "exec", "ghost", "--", "true");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("pods \"ghost\" not found", stderr);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string? stdin, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--kubeconfig");
        startInfo.ArgumentList.Add(_kubeConfig);
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        startInfo.Environment["HOME"] = _directory; // no cache or config from the machine's user
        startInfo.Environment.Remove("KUBECONFIG");

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
