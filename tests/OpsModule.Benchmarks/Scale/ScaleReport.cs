using System.Globalization;
using System.Runtime.InteropServices;

namespace OpsModule.Benchmarks.Scale;

/// <summary>Prints the scale measurements as Markdown, with issue 14's goals beside the measured values.</summary>
internal static class ScaleReport
{
    public const double TargetRatio = 10;
    public const long TargetPeakBytes = 300L * 1000 * 1000;

    public static void Print(TextWriter o, ScaleBenchOptions options, IReadOnlyList<ScaleResult> results)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        static string MiB(long bytes) => F(bytes / 1048576.0, "0");

        o.WriteLine($"## Get-OpsHealth -AllNamespaces vs `kubectl get <kind> -A -o json` — {options.Namespaces} namespaces");
        o.WriteLine();
        o.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                    $"load average at the end {LoadAverage()}. Test cluster in the same process, https + bearer token. " +
                    $"Per size: {options.Warmups} warm-up + {options.Runs} measured rounds, interleaved (ours, kubectl, ours, …).");
        o.WriteLine();
        o.WriteLine("| pods | populate / settle | ours median (min–max) | µs per pod | kubectl -A median | kubectl / ours | peak working set of one run (child process) | findings |");
        o.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            o.WriteLine($"| {r.Pods} | {F(r.Applied.TotalSeconds, "0.0")} s / {F(r.Settled.TotalSeconds, "0.0")} s " +
                        $"| {Report.Ms(r.Ours.Median)} ({r.Ours.Min.TotalMilliseconds:0}–{r.Ours.Max.TotalMilliseconds:0}) " +
                        $"| {F(r.Ours.Median.TotalMicroseconds / r.Pods, "0")} | {Report.Ms(r.Kubectl.Median)} ({r.KubectlOutputBytes / 1048576} MiB JSON) " +
                        $"| **{F(r.Ratio, "0.0")}×** | {MiB(r.ChildPeak)} MiB (+{MiB(r.ChildPeak - r.ChildPeakBefore)} MiB over the process before the run; cold run {F(r.ChildCold.TotalMilliseconds, "0")} ms) " +
                        $"| {r.Findings} |");
        }

        var largest = results.MaxBy(r => r.Pods);
        var smallest = results.MinBy(r => r.Pods);
        if (largest is null || smallest is null)
        {
            return;
        }

        o.WriteLine();
        o.WriteLine($"Goals at {largest.Pods} pods: kubectl / ours = **{F(largest.Ratio, "0.0")}×** " +
                    $"({(largest.Ratio >= TargetRatio ? "meets" : "MISSES")} ≥ {TargetRatio:0}×); peak working set **{MiB(largest.ChildPeak)} MiB** " +
                    $"({(largest.ChildPeak < TargetPeakBytes ? "meets" : "MISSES")} < 300 MB).");
        if (largest.Pods > smallest.Pods)
        {
            var growth = largest.Ours.Median / smallest.Ours.Median;
            var podGrowth = (double)largest.Pods / smallest.Pods;
            var marginal = (largest.Ours.Median - smallest.Ours.Median).TotalMicroseconds / (largest.Pods - smallest.Pods);
            o.WriteLine();
            o.WriteLine($"time({largest.Pods}) / time({smallest.Pods}) = **{F(growth, "0.0")}** for {F(podGrowth, "0")}× the pods " +
                        $"({(growth <= podGrowth * 1.2 ? "linear or better" : "ABOVE linear")}); marginal cost {F(marginal, "0")} µs per additional pod.");
        }

        o.WriteLine();
        o.WriteLine($"Findings at {largest.Pods} pods: {string.Join(", ", largest.ProblemCodes)}.");
        var lists = largest.Requests.Lists;
        o.WriteLine();
        o.WriteLine($"Requests of one run of ours at {largest.Pods} pods: {largest.Requests.Total} = {lists.Values.Sum()} list pages " +
                    $"({string.Join(", ", lists.Select(l => $"`{l.Key}` × {l.Value}"))}) + {largest.Requests.ProxyProbes} proxy probes + {largest.Requests.Other} other.");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
