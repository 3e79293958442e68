using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes.Auth;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Config;

/// <summary>Exec credential plugins, run for real: a shell script that prints an ExecCredential and counts its runs.</summary>
public sealed class ExecPluginTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CountFile => Path.Combine(_dir.Path, "runs");

    private int Runs => File.Exists(CountFile) ? File.ReadAllLines(CountFile).Length : 0;

    /// <summary>
    /// A plugin that records its args, AWS_PROFILE and KUBERNETES_EXEC_INFO, counts its runs, and prints the token
    /// "fake-exec-token-N" with the expiry held in the file "expiry" (none when the file is empty).
    /// </summary>
    private string WriteCountingPlugin(string apiVersion = ExecPluginSettings.V1Beta1)
    {
        _dir.Write("expiry", "");
        return _dir.WriteScript("bin/fake-plugin", $$$"""
            dir="$(dirname "$0")/.."
            echo run >> "$dir/runs"
            n=$(wc -l < "$dir/runs" | tr -d ' ')
            printf '%s\n' "$@" > "$dir/args"
            printf '%s' "$AWS_PROFILE" > "$dir/aws_profile"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec_info"
            expiry=$(cat "$dir/expiry")
            if [ -n "$expiry" ]; then exp=",\"expirationTimestamp\":\"$expiry\""; else exp=""; fi
            printf '{"apiVersion":"{{{apiVersion}}}","kind":"ExecCredential","status":{"token":"fake-exec-token-%s"%s}}' "$n" "$exp"
            """);
    }

    private KubernetesClientConfiguration Config(string command, string extra = "", string apiVersion = ExecPluginSettings.V1Beta1) =>
        KubernetesClientConfiguration.FromKubeConfigText($$"""
            clusters:
            - name: c
              cluster:
                server: https://k8s.example:6443
                tls-server-name: api.k8s.internal
            users:
            - name: eks-user
              user:
                exec:
                  apiVersion: {{apiVersion}}
                  command: {{command}}
                  args: ["eks", "get-token", "--cluster-name", "prod cluster"]
                  env:
                  - name: AWS_PROFILE
                    value: ops-readonly
                  installHint: install the fake plugin
            {{extra}}
            contexts:
            - name: x
              context: {cluster: c, user: eks-user}
            current-context: x
            """, baseDirectory: _dir.Path);

    private static ExecCredentialProvider Provider(KubernetesClientConfiguration config, TimeProvider clock, TimeSpan? timeout = null) =>
        new(config.Exec!, clock, timeout ?? TimeSpan.FromSeconds(20));

    [UnixFact]
    public async Task Plugin_gets_args_env_and_KUBERNETES_EXEC_INFO()
    {
        WriteCountingPlugin();
        var config = Config("bin/fake-plugin", "      provideClusterInfo: true");

        var credential = await Provider(config, new ManualTimeProvider(Now)).GetCredentialAsync(CancellationToken.None);

        Assert.Equal("fake-exec-token-1", credential.Authorization!.Parameter);
        Assert.Equal(["eks", "get-token", "--cluster-name", "prod cluster"], File.ReadAllLines(Path.Combine(_dir.Path, "args")));
        Assert.Equal("ops-readonly", File.ReadAllText(Path.Combine(_dir.Path, "aws_profile")));
        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "exec_info")))!;
        Assert.Equal("ExecCredential", (string?)info["kind"]);
        Assert.Equal(ExecPluginSettings.V1Beta1, (string?)info["apiVersion"]);
        Assert.False((bool)info["spec"]!["interactive"]!);
        Assert.Equal("https://k8s.example:6443", (string?)info["spec"]!["cluster"]!["server"]);
        Assert.Equal("api.k8s.internal", (string?)info["spec"]!["cluster"]!["tls-server-name"]);
    }

    [UnixFact]
    public async Task Without_provideClusterInfo_the_spec_has_no_cluster()
    {
        WriteCountingPlugin(ExecPluginSettings.V1);
        var config = Config("bin/fake-plugin", "      interactiveMode: Never", ExecPluginSettings.V1);

        await Provider(config, new ManualTimeProvider(Now)).GetCredentialAsync(CancellationToken.None);

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "exec_info")))!;
        Assert.Equal(ExecPluginSettings.V1, (string?)info["apiVersion"]);
        Assert.Null(info["spec"]!["cluster"]);
    }

    [UnixFact]
    public async Task Credential_is_cached_until_shortly_before_expiry_then_refreshed()
    {
        WriteCountingPlugin();
        _dir.Write("expiry", Now.AddMinutes(15).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var clock = new ManualTimeProvider(Now);
        var provider = Provider(Config("bin/fake-plugin"), clock);

        var first = await provider.GetCredentialAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(14));
        var cached = await provider.GetCredentialAsync(CancellationToken.None);
        Assert.Equal(1, Runs);
        Assert.Same(first, cached);
        Assert.Equal(Now.AddMinutes(15), first.ExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(55)); // 5 s before expiry: inside the refresh margin.
        var refreshed = await provider.GetCredentialAsync(CancellationToken.None);

        Assert.Equal(2, Runs);
        Assert.Equal("fake-exec-token-2", refreshed.Authorization!.Parameter);
    }

    [UnixFact]
    public async Task Credential_without_expiry_is_kept_for_the_process_until_invalidated()
    {
        WriteCountingPlugin();
        var clock = new ManualTimeProvider(Now);
        var provider = Provider(Config("bin/fake-plugin"), clock);

        var first = await provider.GetCredentialAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        await provider.GetCredentialAsync(CancellationToken.None);
        Assert.Equal(1, Runs);

        provider.Invalidate(first);
        var second = await provider.GetCredentialAsync(CancellationToken.None);

        Assert.Equal(2, Runs);
        Assert.Equal("fake-exec-token-2", second.Authorization!.Parameter);
    }

    [UnixFact]
    public async Task Concurrent_requests_share_one_plugin_run()
    {
        WriteCountingPlugin();
        var provider = Provider(Config("bin/fake-plugin"), new ManualTimeProvider(Now));

        var credentials = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetCredentialAsync(CancellationToken.None).AsTask()));

        Assert.Equal(1, Runs);
        Assert.All(credentials, c => Assert.Equal("fake-exec-token-1", c.Authorization!.Parameter));
    }

    [UnixFact]
    public async Task Failing_plugin_reports_exit_code_and_stderr_but_never_stdout()
    {
        _dir.WriteScript("bin/failing", """
            echo '{"status":{"token":"fake-leaked-token"}}'
            echo "error: SSO session expired, run 'aws sso login --profile ops-readonly'" >&2
            exit 3
            """);

        var error = await Assert.ThrowsAsync<ExecCredentialException>(
            () => Provider(Config("bin/failing"), TimeProvider.System).GetCredentialAsync(CancellationToken.None).AsTask());

        Assert.Equal(ExecCredentialFailure.PluginFailed, error.Failure);
        Assert.Equal(3, error.ExitCode);
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("run 'aws sso login --profile ops-readonly'", error.Message);
        Assert.Contains("eks-user", error.Message);
        Assert.DoesNotContain("fake-leaked-token", error.Message);
    }

    [UnixFact]
    public async Task Missing_plugin_path_says_where_it_looked_and_gives_the_hint()
    {
        var error = await Assert.ThrowsAsync<ExecCredentialException>(
            () => Provider(Config("bin/not-there"), TimeProvider.System).GetCredentialAsync(CancellationToken.None).AsTask());

        Assert.Equal(ExecCredentialFailure.PluginNotFound, error.Failure);
        Assert.Contains($"which was not found at '{Path.Combine(_dir.Path, "bin", "not-there")}'", error.Message);
        Assert.Contains("install the fake plugin", error.Message);
    }

    [UnixFact]
    public async Task Hanging_plugin_times_out_and_is_killed()
    {
        _dir.WriteScript("bin/hang", "sleep 30\n");
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<ExecCredentialException>(
            () => Provider(Config("bin/hang"), TimeProvider.System, TimeSpan.FromMilliseconds(500)).GetCredentialAsync(CancellationToken.None).AsTask());

        Assert.Equal(ExecCredentialFailure.Timeout, error.Failure);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [UnixFact]
    public async Task Cancellation_stops_a_running_plugin()
    {
        _dir.WriteScript("bin/hang", "sleep 30\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Provider(Config("bin/hang"), TimeProvider.System).GetCredentialAsync(cancel.Token).AsTask());
    }

    [UnixTheory]
    [InlineData("echo 'not json at all: fake-secret'", "not JSON")]
    [InlineData("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"fake-secret\"}}'", "returned apiVersion 'client.authentication.k8s.io/v1'")]
    [InlineData("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\"}'", "without status")]
    [InlineData("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{}}'", "neither a token nor a client certificate")]
    [InlineData("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"fake-secret\",\"expirationTimestamp\":\"soon\"}}'", "expirationTimestamp")]
    public async Task Bad_plugin_output_is_explained_without_quoting_it(string script, string expected)
    {
        _dir.WriteScript("bin/bad", script + "\n");

        var error = await Assert.ThrowsAsync<ExecCredentialException>(
            () => Provider(Config("bin/bad"), TimeProvider.System).GetCredentialAsync(CancellationToken.None).AsTask());

        Assert.Equal(ExecCredentialFailure.InvalidOutput, error.Failure);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("fake-secret", error.Message);
    }

    [Fact]
    public async Task InteractiveMode_Always_cannot_run_unattended()
    {
        var config = Config("bin/whatever", "      interactiveMode: Always");

        var error = await Assert.ThrowsAsync<ExecCredentialException>(
            () => Provider(config, TimeProvider.System).GetCredentialAsync(CancellationToken.None).AsTask());

        Assert.Equal(ExecCredentialFailure.InteractiveRequired, error.Failure);
        Assert.Contains("interactiveMode: Always", error.Message);
    }

    [Fact]
    public void Invalid_interactiveMode_is_a_kubeconfig_error()
    {
        var error = Assert.Throws<KubeConfigException>(() => Config("bin/whatever", "      interactiveMode: Sometimes"));

        Assert.Contains("interactiveMode 'Sometimes'", error.Message);
    }
}
