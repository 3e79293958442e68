using System.Diagnostics;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Runs the real kubectl against a kubeconfig. A missing kubectl fails the test: the fidelity proof needs it.</summary>
internal static class Kubectl
{
    public const string Path = "/usr/bin/kubectl";

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string kubeconfig, params string[] args)
    {
        Assert.True(File.Exists(Path),
            $"kubectl is required at {Path} for the test-cluster fidelity tests (CI={Environment.GetEnvironmentVariable("CI") ?? "unset"}); install it (see .ci/run).");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = System.IO.Path.GetDirectoryName(kubeconfig)!;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 60s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> SucceedAsync(string kubeconfig, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(kubeconfig, args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}\nstdout: {stdout}\nstderr: {stderr}");
        return stdout;
    }
}
