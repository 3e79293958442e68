using System.Diagnostics;
using System.Globalization;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.TestCluster;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Benchmarks.Exec;

/// <summary>
/// Streams through the exec API the way a pod backup (<c>pg_dump</c> out) and a pod restore (dump into <c>psql</c>) do:
/// N MiB out of <c>head -c</c>, and N MiB into <c>cat</c>, ours against <c>kubectl exec</c>, interleaved.
/// </summary>
internal sealed class ExecBenchmark(string kubectlPath, int megabytes, int runs, TextWriter log)
{
    public const string Usage = "exec [--mb 256] [--runs 5] [--kubectl /usr/bin/kubectl]";

    private const string Namespace = "default";
    private const string Pod = "runner";

    public async Task<IReadOnlyList<(string Name, Samples Times)>> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("opsmodule-exec-bench-");
        try
        {
            await using var cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = "exec-bench-token" });
            cluster.Apply($$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{Pod}}}","namespace":"{{{Namespace}}}"},
                 "spec":{"containers":[{"name":"main","image":"busybox"}]}}
                """);
            await cluster.WaitUntilAsync(c => (string?)c.TryGetPod(Namespace, Pod)?["status"]?["phase"] == "Running", TimeSpan.FromSeconds(10), "runner pod");
            var kubeconfig = cluster.WriteKubeConfig(Path.Combine(dir.FullName, "config"), @namespace: Namespace);
            var input = Path.Combine(dir.FullName, "input.bin");
            await using (var file = File.Create(input))
            {
                file.SetLength((long)megabytes << 20);
            }

            using var api = new KubernetesApiClient(Core.Kubernetes.Config.KubernetesClientConfiguration.Load(kubeconfig));
            var exec = api.CreateExecClient();
            var bytes = ((long)megabytes << 20).ToString(CultureInfo.InvariantCulture);
            log.WriteLine($"exec benchmark: {megabytes} MiB each way, {runs} runs after 1 warm-up, interleaved");
            var samples = await Interleaved.MeasureAsync(1, runs,
                () => OursOutAsync(exec, bytes),
                () => OursInAsync(exec, input),
                () => KubectlAsync(kubeconfig, $"exec {Pod} -- head -c {bytes} /dev/zero", null),
                () => KubectlAsync(kubeconfig, $"exec -i {Pod} -- sh -c \"cat > /dev/null\"", input));
            return
            [
                ("ours: out (head -c → client)", samples[0]),
                ("ours: in (client → cat)", samples[1]),
                ("kubectl exec: out", samples[2]),
                ("kubectl exec -i: in", samples[3]),
            ];
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task OursOutAsync(PodExecClient exec, string bytes)
    {
        var code = await exec.ExecAsync(new PodExecRequest(Namespace, Pod, ["head", "-c", bytes, "/dev/zero"]), null, Stream.Null, Stream.Null, CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"head exited {code}");
    }

    private static async Task OursInAsync(PodExecClient exec, string input)
    {
        await using var stdin = File.OpenRead(input);
        var code = await exec.ExecAsync(new PodExecRequest(Namespace, Pod, ["sh", "-c", "cat > /dev/null"]), stdin, Stream.Null, Stream.Null, CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"cat exited {code}");
    }

    private async Task KubectlAsync(string kubeconfig, string arguments, string? stdinFile)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"HOME={Path.GetDirectoryName(kubeconfig)} {kubectlPath} --kubeconfig {kubeconfig} {arguments} > /dev/null" + (stdinFile is null ? " < /dev/null" : $" < {stdinFile}")]);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"kubectl {arguments} exited {process.ExitCode}");
    }
}
