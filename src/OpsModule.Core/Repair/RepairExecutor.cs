using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Repair;

/// <summary>Takes a confirmed <see cref="RepairPlan"/>'s action, records the cooldown on the workload, and optionally waits for the result.</summary>
internal sealed class RepairExecutor(IKubernetesApi api, RepairOptions options, TimeProvider clock)
{
    public async Task<OpsRepairResult> ExecuteAsync(RepairPlan plan, CancellationToken cancellationToken)
    {
        var workload = plan.Workload!;
        try
        {
            return plan.Action switch
            {
                RepairAction.Evict => await EvictAsync(plan, workload, cancellationToken),
                RepairAction.Restart => await RestartAsync(plan, workload, cancellationToken),
                RepairAction.ScaleUp => await ScaleUpAsync(plan, workload, cancellationToken),
                _ => throw new InvalidOperationException($"Nothing to execute for {plan.Action}."),
            };
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.TooManyRequests && plan.Action == RepairAction.Evict)
        {
            var budget = e.Causes.Count > 0 ? " " + string.Join(" ", e.Causes) + "." : string.Empty;
            return Result(plan, RepairOutcome.Skipped, $"The PodDisruptionBudget refused the eviction: {Reason(e)}{budget} The next run tries again.");
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return Result(plan, RepairOutcome.Skipped, $"{(plan.Action == RepairAction.Evict ? "The pod" : workload.Display)} no longer exists.");
        }
        catch (KubernetesApiException e)
        {
            return Result(plan, RepairOutcome.Failed, $"{plan.Action} failed: {e.Message}");
        }
    }

    private async Task<OpsRepairResult> EvictAsync(RepairPlan plan, RepairWorkload workload, CancellationToken cancellationToken)
    {
        var before = options.Wait ? await PodUidsAsync(workload, cancellationToken) : [];
        await api.EvictPodAsync(workload.Namespace, plan.PodName!, cancellationToken);
        var recorded = await RecordAsync(workload, new JsonObject(), $"evicted pod {plan.PodName} ({plan.Finding.Code})", cancellationToken);
        var done = $"Evicted; {workload.Display} replaces it.{recorded}";
        if (!options.Wait)
        {
            return Result(plan, RepairOutcome.Repaired, done);
        }

        var replacement = await WaitForReplacementAsync(workload, before, cancellationToken);
        return replacement is null
            ? Result(plan, RepairOutcome.Failed, $"Evicted, but no replacement pod of {workload.Display} was Ready within {options.WaitTimeout.TotalSeconds:0} s.{recorded}")
            : Result(plan, RepairOutcome.Repaired, $"Evicted; replacement {replacement} is Ready.{recorded}", replacement);
    }

    private async Task<OpsRepairResult> RestartAsync(RepairPlan plan, RepairWorkload workload, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // One merge patch: the template annotation kubectl rollout restart sets, and the cooldown record beside it.
        var patch = new JsonObject
        {
            ["metadata"] = RepairCooldown.Record(now, $"rollout restart ({plan.Finding.Code})"),
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RepairCooldown.RestartedAtAnnotation] = RepairCooldown.Timestamp(now) } },
                },
            },
        };
        await api.PatchAsync(workload.Type, workload.Namespace, workload.Name, PatchType.Merge, patch, cancellationToken);
        return await FinishWorkloadAsync(plan, workload, workload.Desired, "Restarted (rolling)", cancellationToken);
    }

    private async Task<OpsRepairResult> ScaleUpAsync(RepairPlan plan, RepairWorkload workload, CancellationToken cancellationToken)
    {
        var replicas = workload.Desired + 1;
        await api.SetScaleAsync(workload.Type, workload.Namespace, workload.Name, replicas, cancellationToken);
        var recorded = await RecordAsync(workload, new JsonObject(), $"scaled up to {replicas} ({plan.Finding.Code})", cancellationToken);
        return await FinishWorkloadAsync(plan, workload, replicas, $"Scaled up to {replicas} replicas.{recorded}", cancellationToken);
    }

    private async Task<OpsRepairResult> FinishWorkloadAsync(RepairPlan plan, RepairWorkload workload, int replicas, string done, CancellationToken cancellationToken)
    {
        if (!options.Wait)
        {
            return Result(plan, RepairOutcome.Repaired, done);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.WaitTimeout);
        try
        {
            await api.WaitForAsync<V1Pod>(workload.Namespace, new ListOptions { LabelSelector = workload.Selector },
                pods => pods.Count(p => p.Metadata.DeletionTimestamp is null && IsReady(p) && p.Metadata.CreationTimestamp >= plan.StartTime.AddSeconds(-1)) >= replicas
                    && pods.Count(p => p.Metadata.DeletionTimestamp is null) == replicas,
                deadline.Token);
            return Result(plan, RepairOutcome.Repaired, $"{done} All {replicas} pods are new and Ready.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(plan, RepairOutcome.Failed, $"{done} But {workload.Display} did not have {replicas} new Ready pods within {options.WaitTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Writes the cooldown annotations; a failure to write them does not undo the repair, so it is said in the reason instead.</summary>
    private async Task<string> RecordAsync(RepairWorkload workload, JsonObject patch, string what, CancellationToken cancellationToken)
    {
        patch["metadata"] = RepairCooldown.Record(clock.GetUtcNow(), what);
        try
        {
            await api.PatchAsync(workload.Type, workload.Namespace, workload.Name, PatchType.Merge, patch, cancellationToken);
            return string.Empty;
        }
        catch (KubernetesApiException e)
        {
            return $" The cooldown was not recorded on {workload.Display}: {Reason(e)}";
        }
    }

    private async Task<HashSet<string>> PodUidsAsync(RepairWorkload workload, CancellationToken cancellationToken)
    {
        var pods = await api.ListAsync<V1Pod>(workload.Namespace, new ListOptions { LabelSelector = workload.Selector }, cancellationToken);
        return pods.Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<string?> WaitForReplacementAsync(RepairWorkload workload, HashSet<string> before, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.WaitTimeout);
        try
        {
            var pods = await api.WaitForAsync<V1Pod>(workload.Namespace, new ListOptions { LabelSelector = workload.Selector },
                all => all.Any(p => IsReplacement(p, before)), deadline.Token);
            return pods.First(p => IsReplacement(p, before)).Metadata.Name;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static bool IsReplacement(V1Pod pod, HashSet<string> before) =>
        !before.Contains(pod.Metadata.Uid) && pod.Metadata.DeletionTimestamp is null && IsReady(pod);

    private static bool IsReady(V1Pod pod) => pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>The API server's own message, without the verb, path and status the exception's message starts with.</summary>
    private static string Reason(KubernetesApiException e)
    {
        var marker = $"{(int?)e.StatusCode} {e.Reason}: ";
        var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? e.Message : e.Message[(at + marker.Length)..];
    }

    private OpsRepairResult Result(RepairPlan plan, RepairOutcome outcome, string reason, string? replacement = null) => new()
    {
        Code = plan.Finding.Code,
        Status = plan.Finding.Status,
        Action = plan.Action,
        Outcome = outcome,
        Namespace = plan.Workload?.Namespace ?? plan.Finding.Namespace,
        Kind = plan.Action == RepairAction.Evict ? "Pod" : plan.Workload?.Kind ?? plan.Finding.Kind,
        Name = plan.Action == RepairAction.Evict ? plan.PodName! : plan.Workload?.Name ?? plan.Finding.Name,
        Workload = plan.Workload?.Display,
        Reason = reason,
        Remediation = plan.Finding.Remediation,
        ReplacementPod = replacement,
        StartTime = plan.StartTime,
        DurationSeconds = Math.Round((clock.GetUtcNow() - plan.StartTime).TotalSeconds, 3),
    };
}
