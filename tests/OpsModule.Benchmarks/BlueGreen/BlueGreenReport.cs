namespace OpsModule.Benchmarks.BlueGreen;

/// <summary>The bluegreen benchmark's Markdown report.</summary>
internal static class BlueGreenReport
{
    public static void Print(TextWriter output, BlueGreenBenchResult result)
    {
        var o = result.Options;
        output.WriteLine($"## Switch-BlueGreen zero downtime ({o.Replicas} replicas per colour, {o.Clients} clients through the service proxy, " +
                         $"verify {o.VerifyDuration.TotalSeconds:0.#} s polled every {o.VerifyInterval.TotalSeconds:0.###} s)");
        output.WriteLine();
        output.WriteLine("### Happy path");
        output.WriteLine();
        output.WriteLine("| switch | status | duration | requests | failed |");
        output.WriteLine("|---|---|---:|---:|---:|");
        for (var i = 0; i < result.Switches.Count; i++)
        {
            var s = result.Switches[i];
            output.WriteLine($"| {i + 1}: {s.From} → {s.To} | {s.Status} | {s.Duration.TotalSeconds:0.0} s | {s.Requests} | {s.FailedRequests} |");
        }

        var failed = result.Switches.Sum(s => s.FailedRequests);
        output.WriteLine();
        output.WriteLine($"**{failed} failed of {result.Switches.Sum(s => s.Requests)} requests over {result.Switches.Count} switches** (target 0)." +
                         (failed == 0 ? "" : $" First failure: {result.Switches.First(s => s.FailedRequests > 0).FirstFailure}"));
        output.WriteLine();
        output.WriteLine("### Injected post-switch failure (new pods start answering 503 on every path 1.5–2.5 s into the post-switch verification)");
        output.WriteLine();
        output.WriteLine("| run | status | failed / requests | not the injected 503 | broken → selector restored | first failed request → selector restored | → endpoints restored | → last failed request |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < result.Rollbacks.Count; i++)
        {
            var r = result.Rollbacks[i];
            output.WriteLine($"| {i + 1} | {r.Status} | {r.FailedRequests} / {r.Requests} | {r.OtherFailures} | {S(r.BrokenToSelectorRestored)} | {S(r.ToSelectorRestored)} | {S(r.ToEndpointsRestored)} | {S(r.FailureWindow)} |");
        }

        output.WriteLine();
        output.WriteLine($"broken → selector restored: median **{S(Median(result.Rollbacks.Select(r => r.BrokenToSelectorRestored)))}**, " +
                         $"max **{S(Max(result.Rollbacks.Select(r => r.BrokenToSelectorRestored)))}**; ");
        output.WriteLine($"first failed request → selector restored: median **{S(Median(result.Rollbacks.Select(r => r.ToSelectorRestored)))}**, " +
                         $"max **{S(Max(result.Rollbacks.Select(r => r.ToSelectorRestored)))}** (target < 5 s); " +
                         $"→ last failed request: median {S(Median(result.Rollbacks.Select(r => r.FailureWindow)))}, " +
                         $"max {S(Max(result.Rollbacks.Select(r => r.FailureWindow)))}.");
    }

    private static string S(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:0.000} s" : "n/a";

    private static TimeSpan? Median(IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static TimeSpan? Max(IEnumerable<TimeSpan?> values)
    {
        var known = values.OfType<TimeSpan>().ToList();
        return known.Count == 0 ? null : known.Max();
    }
}
