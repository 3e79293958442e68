namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>The whole-process tables, one per pwsh build, with the JIT counts per phase and issue 14's goals beside the measured values.</summary>
internal static class ProcessReport
{
    public static void Print(TextWriter output, ProcessBenchOptions options, IReadOnlyList<ProcessSizeResult> results)
    {
        output.WriteLine($"Whole process, median of {options.Runs} interleaved rounds (min–max in brackets); every row below ran in the same rounds.");
        foreach (var build in options.PwshBuilds)
        {
            var rows = results.Select(r => (Size: r, Pwsh: r.Builds.Single(b => b.Build == build))).ToList();
            output.WriteLine();
            output.WriteLine($"### {rows[0].Pwsh.Label}");
            output.WriteLine();
            output.WriteLine("| pods | module | pwsh start | + Import-Module | + first Get-OpsHealth | whole job | kubectl sequence (7 processes) | kubectl ÷ job |");
            output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (size, pwsh) in rows)
            {
                foreach (var m in pwsh.Modules)
                {
                    output.WriteLine($"| {size.Pods} | {m.Label} | {Span(pwsh.Start)} | {Report.Ms(pwsh.ImportCost(m))} | {Report.Ms(ProcessSizeResult.FirstCallCost(m))} | " +
                                     $"{Span(m.Job)} | {Span(size.Kubectl)} | {size.Speedup(m):0.00}× |");
                }
            }

            output.WriteLine();
            output.WriteLine("Methods JIT-compiled (median per phase; `JitInfo.GetCompiledMethodCount` printed by the scripts):");
            output.WriteLine();
            output.WriteLine("| pods | module | pwsh start | + Import-Module | + first Get-OpsHealth | whole job |");
            output.WriteLine("|---:|---|---:|---:|---:|---:|");
            foreach (var (size, pwsh) in rows)
            {
                foreach (var m in pwsh.Modules)
                {
                    output.WriteLine($"| {size.Pods} | {m.Label} | {pwsh.StartJit:N0} | {m.ImportJit:N0} | {m.CallJit:N0} | {m.JobJit:N0} |");
                }
            }

            PrintGoals(output, rows.Select(r => (r.Size, r.Pwsh, Module: r.Pwsh.Modules[0])).ToList());
        }
    }

    private static void PrintGoals(TextWriter output, IReadOnlyList<(ProcessSizeResult Size, PwshResult Pwsh, ModuleResult Module)> rows)
    {
        output.WriteLine();
        output.WriteLine("| goal (issue 14), published module | measured | met |");
        output.WriteLine("|---|---:|:---:|");
        foreach (var (size, pwsh, module) in rows)
        {
            var import = pwsh.ImportCost(module);
            output.WriteLine($"| {size.Pods} pods: Import-Module adds < 100 ms | {Report.Ms(import)} | {Below(import, 100)} |");
        }

        if (rows.FirstOrDefault(r => r.Size.Pods == 10) is { Size: not null } small)
        {
            var firstCall = ProcessSizeResult.FirstCallCost(small.Module);
            output.WriteLine($"| 10 pods: first Get-OpsHealth adds < 250 ms | {Report.Ms(firstCall)} | {Below(firstCall, 250)} |");
            output.WriteLine($"| 10 pods: whole job ≥ 1.5× faster than kubectl | {small.Size.Speedup(small.Module):0.00}× | {Met(small.Size.Speedup(small.Module) >= 1.5)} |");
        }

        if (rows.FirstOrDefault(r => r.Size.Pods == 500) is { Size: not null } large)
        {
            output.WriteLine($"| 500 pods: whole job ≥ 3× faster than kubectl | {large.Size.Speedup(large.Module):0.00}× | {Met(large.Size.Speedup(large.Module) >= 3)} |");
        }
    }

    private static string Span(Samples s) => $"{Report.Ms(s.Median)} ({Report.Ms(s.Min)}–{Report.Ms(s.Max)})";

    private static string Met(bool met) => met ? "yes" : "no";

    /// <summary>A cost is a difference of two medians; below zero it is the machine's load talking, not a met goal.</summary>
    private static string Below(TimeSpan cost, double limitMs) =>
        cost < TimeSpan.Zero ? "? (negative: load noise, use more --runs)" : Met(cost.TotalMilliseconds < limitMs);
}
