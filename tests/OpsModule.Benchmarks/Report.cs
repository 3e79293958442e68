using System.Globalization;
using System.Runtime.InteropServices;

namespace OpsModule.Benchmarks;

/// <summary>Prints the measurements as Markdown tables (pasteable into README.md).</summary>
internal static class Report
{
    public const double TargetRatio = 10;
    public const double SuperLinearGrowth = 15;

    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static void Print(TextWriter o, BenchOptions options, SizeResult h, IReadOnlyList<SizeResult> series)
    {
        o.WriteLine($"## Get-OpsHealth vs the runbook's kubectl sequence — {h.Pods} pods, {h.Deployments} deployments, {h.Deployments} services, one namespace");
        o.WriteLine();
        o.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                    $"load average at the end {LoadAverage()}. Test cluster in the same process, https + bearer token. " +
                    $"Rounds interleave every row below; {options.Warmups} warm-up rounds, then {h.Ours.Count} measured.");
        o.WriteLine();
        o.WriteLine("| measurement | median | min | max |");
        o.WriteLine("|---|---:|---:|---:|");
        Row(o, $"**ours: complete verdict**, all checks incl. {h.Requests.ProxyProbes} HTTP probes (new client per run)", h.Ours);
        if (h.Kubectl is { } kubectl) Row(o, $"**kubectl: {KubectlSequence.Kinds.Count} × `get <kind> -o json`**, sequential, fetch only ({h.KubectlOutputBytes / 1024} KiB of JSON)", kubectl);
        if (h.OursCold is { } cold) o.WriteLine($"| ours: first run in a fresh process (cold JIT), not in the ratio | {Ms(cold)} | | |");
        if (h.OursWithoutHttp is { } noHttp) Row(o, "profile — ours: all checks except Http (13 lists + judging)", noHttp);
        if (h.OursHttpOnly is { } httpOnly) Row(o, "profile — ours: `-Check Http` only (pod/service lists + probes)", httpOnly);
        if (h.OursFetchOnly is { } fetch) Row(o, "profile — ours: fetch only, the 7 kinds kubectl gets (typed, concurrent)", fetch);
        if (h.OursReusedClient is { } reused) Row(o, "profile — ours: complete verdict, one client reused across runs (warm connections)", reused);
        if (h.OursHttp2 is { } http2) Row(o, $"what-if — ours: complete verdict, new client per run, requests asking for HTTP/2 (server answered HTTP/{Http2Upgrade.LastResponseVersion})", http2);
        if (h.PodsListRaw is { } raw) Row(o, $"profile — pods list, raw bytes on a warm connection ({h.PodsListBytes / 1024} KiB compact JSON)", raw);
        if (h.PodsListTyped is { } typed) Row(o, "profile — pods list, typed through our client on a warm connection", typed);
        if (h.OneProbe is { } probe) Row(o, "profile — one service-proxy probe on a warm connection", probe);
        o.WriteLine();
        if (h.Ratio is { } ratio)
        {
            var verdict = ratio >= TargetRatio ? "meets" : "MISSES";
            o.WriteLine($"**kubectl / ours = {ratio.ToString("0.0", CultureInfo.InvariantCulture)}×** ({verdict} the ≥ {TargetRatio:0}× target). " +
                        "kubectl's time excludes judging its output (a human or a script still has to), so the ratio favours kubectl.");
            o.WriteLine();
        }

        o.WriteLine($"Findings of our run: {h.Findings} problems — {string.Join(", ", h.ProblemCodes)}.");
        o.WriteLine();
        var lists = h.Requests.Lists;
        o.WriteLine($"Requests of one run of ours: {h.Requests.Total} = {lists.Values.Sum()} list calls ({lists.Count} distinct collections, " +
                    $"max {(lists.Count == 0 ? 0 : lists.Values.Max())} per collection) + {h.Requests.ProxyProbes} proxy probes + {h.Requests.Other} other (discovery).");
        foreach (var (path, count) in lists)
        {
            o.WriteLine($"- `{path}` × {count}");
        }

        if (h.KubectlRequests is { } k)
        {
            o.WriteLine();
            o.WriteLine($"Requests of one kubectl sequence: {k.Total} = {k.Lists.Values.Sum()} list calls + {k.Other} other " +
                        "(discovery is served from kubectl's cache, filled in the warm-up): " +
                        string.Join(", ", k.Lists.Select(l => $"`{l.Key}` × {l.Value}")) + ".");
        }

        if (series.Count == 0)
        {
            return;
        }

        o.WriteLine();
        o.WriteLine("## Linearity (ours, complete verdict)");
        o.WriteLine();
        o.WriteLine("| pods | deployments | services | HTTP probes | ours median (min–max) | µs per pod | kubectl median | kubectl / ours |");
        o.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in series)
        {
            var perPod = (s.Ours.Median.TotalMicroseconds / s.Pods).ToString("0", CultureInfo.InvariantCulture);
            var kubectlTime = s.Kubectl is null ? "–" : Ms(s.Kubectl.Median);
            var sizeRatio = s.Ratio is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "×" : "–";
            o.WriteLine($"| {s.Pods} | {s.Deployments} | {s.Deployments} | {s.Requests.ProxyProbes} | {Ms(s.Ours.Median)} ({s.Ours.Min.TotalMilliseconds:0}–{s.Ours.Max.TotalMilliseconds:0}) | {perPod} | {kubectlTime} | {sizeRatio} |");
        }

        var smallest = series.MinBy(s => s.Pods)!;
        var largest = series.MaxBy(s => s.Pods)!;
        if (largest.Pods > smallest.Pods)
        {
            var growth = largest.Ours.Median / smallest.Ours.Median;
            var podGrowth = (double)largest.Pods / smallest.Pods;
            var flag = growth > SuperLinearGrowth * podGrowth / 10 ? "SUPER-LINEAR" : growth <= podGrowth * 1.2 ? "linear or better" : "slightly above linear";
            o.WriteLine();
            var marginal = (largest.Ours.Median - smallest.Ours.Median).TotalMicroseconds / (largest.Pods - smallest.Pods);
            o.WriteLine($"time({largest.Pods}) / time({smallest.Pods}) = **{growth.ToString("0.0", CultureInfo.InvariantCulture)}** " +
                        $"for {podGrowth:0}× the pods ({flag}; linear ≈ {podGrowth:0}, flagged above {SuperLinearGrowth * podGrowth / 10:0}). " +
                        $"Below {podGrowth:0} because each run has a fixed part (kubeconfig, TLS handshakes, discovery, nodes); " +
                        $"the marginal cost is {marginal.ToString("0", CultureInfo.InvariantCulture)} µs per additional pod.");
        }
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

    private static void Row(TextWriter o, string what, Samples s) =>
        o.WriteLine($"| {what} | {Ms(s.Median)} | {Ms(s.Min)} | {Ms(s.Max)} |");
}
