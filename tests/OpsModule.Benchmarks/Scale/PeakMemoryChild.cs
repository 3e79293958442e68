using System.Diagnostics;
using System.Globalization;

namespace OpsModule.Benchmarks.Scale;

/// <summary>
/// Measures the memory of one Get-OpsHealth -AllNamespaces run in a process of its own (<c>scale-child &lt;kubeconfig&gt;</c>),
/// so the test cluster's objects in the benchmark process do not count: the child reads the kernel's peak resident set
/// (VmHWM, the peak working set) before and after one complete run and prints both.
/// </summary>
internal static class PeakMemoryChild
{
    public const string Mode = "scale-child";

    public static async Task<int> RunAsync(string kubeconfig)
    {
        var before = PeakResidentBytes();
        var stopwatch = Stopwatch.StartNew();
        using (var run = new OurHealthRun(kubeconfig, null))
        {
            await run.RunAsync();
        }

        var elapsed = stopwatch.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{before} {PeakResidentBytes()} {elapsed.TotalMilliseconds:0.0}"));
        return 0;
    }

    /// <summary>Starts this benchmark again as a child and returns (peak before the run, peak after, run time of the cold run).</summary>
    public static async Task<(long Before, long Peak, TimeSpan Cold)> MeasureAsync(string kubeconfig)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PeakMemoryChild).Assembly.Location);
        }

        start.ArgumentList.Add(Mode);
        start.ArgumentList.Add(kubeconfig);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Mode} exited {process.ExitCode}: {await stderr}");
        }

        var parts = (await stdout).Trim().Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(double.Parse(parts[2], CultureInfo.InvariantCulture)));
    }

    private static long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
