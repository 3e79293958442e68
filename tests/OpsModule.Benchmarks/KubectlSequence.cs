using System.Diagnostics;

namespace OpsModule.Benchmarks;

/// <summary>
/// The runbooks' checklist as the runbooks run it: one kubectl process per kind, one after another, each <c>-o json</c>.
/// Only the fetch is timed; reading and judging the output is left to a human or a script, so this favours kubectl.
/// A null <paramref name="ns"/> runs the all-namespaces form (<c>-A</c>).
/// </summary>
internal sealed class KubectlSequence(string kubectl, string kubeconfig, string home, string? ns)
{
    public static readonly IReadOnlyList<string> Kinds = ["pods", "svc", "endpoints", "ingress", "hpa", "pvc", "events"];

    /// <summary>Bytes of JSON the last run printed, summed over all kinds.</summary>
    public long LastOutputBytes { get; private set; }

    public async Task RunAsync()
    {
        long bytes = 0;
        foreach (var kind in Kinds)
        {
            bytes += await GetAsync(kind);
        }

        LastOutputBytes = bytes;
    }

    private async Task<long> GetAsync(string kind)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] scope = ns is null ? ["-A"] : ["-n", ns];
        foreach (var arg in new[] { "get", kind, "-o", "json" }.Concat(scope).Concat(["--kubeconfig", kubeconfig]))
        {
            start.ArgumentList.Add(arg);
        }

        // Its own HOME keeps kubectl's discovery cache (filled by the warm-up run) away from the user's.
        start.Environment["HOME"] = home;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {kubectl}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl get {kind} exited {process.ExitCode}: {await stderr}");
        }

        return output.Length;
    }
}
