namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>The whole-process table, with issue 14's goals beside the measured values.</summary>
internal static class ProcessReport
{
    public static void Print(TextWriter output, ProcessBenchOptions options, IReadOnlyList<ProcessSizeResult> results)
    {
        output.WriteLine($"Whole process, median of {options.Runs} interleaved rounds (min–max in brackets).");
        output.WriteLine();
        output.WriteLine("| pods | pwsh start | + Import-Module | + first Get-OpsHealth | whole job | kubectl sequence (7 processes) | kubectl ÷ job |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine($"| {r.Pods} | {Span(r.PwshStart)} | {Report.Ms(r.ImportCost)} | {Report.Ms(r.FirstCallCost)} | {Span(r.Job)} | {Span(r.Kubectl)} | {r.Speedup:0.00}× |");
        }

        output.WriteLine();
        output.WriteLine("| goal (issue 14) | measured | met |");
        output.WriteLine("|---|---:|:---:|");
        foreach (var r in results)
        {
            output.WriteLine($"| {r.Pods} pods: Import-Module adds < 100 ms | {Report.Ms(r.ImportCost)} | {Met(r.ImportCost.TotalMilliseconds < 100)} |");
        }

        if (results.FirstOrDefault(r => r.Pods == 10) is { } small)
        {
            output.WriteLine($"| 10 pods: first Get-OpsHealth adds < 250 ms | {Report.Ms(small.FirstCallCost)} | {Met(small.FirstCallCost.TotalMilliseconds < 250)} |");
            output.WriteLine($"| 10 pods: whole job ≥ 1.5× faster than kubectl | {small.Speedup:0.00}× | {Met(small.Speedup >= 1.5)} |");
        }

        if (results.FirstOrDefault(r => r.Pods == 500) is { } large)
        {
            output.WriteLine($"| 500 pods: whole job ≥ 3× faster than kubectl | {large.Speedup:0.00}× | {Met(large.Speedup >= 3)} |");
        }
    }

    private static string Span(Samples s) => $"{Report.Ms(s.Median)} ({Report.Ms(s.Min)}–{Report.Ms(s.Max)})";

    private static string Met(bool met) => met ? "yes" : "no";
}
