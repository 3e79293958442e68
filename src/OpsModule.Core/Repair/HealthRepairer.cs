using k8s.Models;
using OpsModule.Core.Health;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Repair;

/// <summary>
/// Runbook 004's auto-healer as a safe repair run: for each finding, <see cref="PlanAsync"/> decides (guard rails first), the caller
/// confirms, <see cref="ExecuteAsync"/> acts. One instance per run: it remembers what it did to each workload, so the per-workload
/// cap and the no-zero-Ready rule hold across the findings of one run, and the cooldown annotations across runs.
/// </summary>
public sealed class HealthRepairer
{
    private readonly IKubernetesApi _api;
    private readonly RepairOptions _options;
    private readonly TimeProvider _clock;
    private readonly WorkloadResolver _workloads;
    private readonly RepairExecutor _executor;
    private readonly Dictionary<string, WorkloadRunState> _touched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pods = new(StringComparer.Ordinal);

    public HealthRepairer(IKubernetesApi api, RepairOptions options, TimeProvider? clock = null)
    {
        _api = api;
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _workloads = new WorkloadResolver(api);
        _executor = new RepairExecutor(api, options, _clock);
    }

    /// <summary>The findings of the runbook's rules (pods and workloads) in the namespaces, for a run given no findings to read.</summary>
    public async Task<HealthRun> FindAsync(IReadOnlyList<string> namespaces, string? selector, IProgress<string>? progress, CancellationToken cancellationToken) =>
        await new HealthChecker(_api, _clock).RunAsync(new HealthOptions
        {
            Namespaces = namespaces,
            Selector = selector,
            Checks = new HashSet<HealthCheck> { HealthCheck.Pods, HealthCheck.Workloads },
            RestartThreshold = _options.RestartThreshold,
            NotReadyThreshold = _options.NotReadyFor,
        }, progress, cancellationToken);

    public async Task<RepairPlan> PlanAsync(OpsHealthResult finding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var plan = new RepairPlan(finding, _clock.GetUtcNow());
        if (finding.Status == HealthStatus.Healthy)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.None, "Healthy: nothing to repair.");
        }

        if (finding.Namespace is { } ns && finding.Kind == "Pod" && RepairRules.PodCodes.Contains(finding.Code))
        {
            return await PlanEvictionAsync(plan, ns, cancellationToken);
        }

        if (finding.Namespace is { } wns && finding.Kind is "Deployment" or "StatefulSet" or "DaemonSet" && RepairRules.WorkloadCodes.Contains(finding.Code))
        {
            return await PlanWorkloadAsync(plan, wns, cancellationToken);
        }

        return Done(plan, RepairOutcome.NotRepairable, RepairAction.None, RepairRules.NotRepairableReason(finding));
    }

    public Task<OpsRepairResult> ExecuteAsync(RepairPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Result is { } result ? Task.FromResult(result) : _executor.ExecuteAsync(plan, cancellationToken);
    }

    private async Task<RepairPlan> PlanEvictionAsync(RepairPlan plan, string ns, CancellationToken cancellationToken)
    {
        var name = plan.Finding.Name;
        if (!_pods.Add($"{ns}/{name}"))
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict, "Already handled in this run (another finding of the same pod).");
        }

        V1Pod pod;
        try
        {
            pod = await _api.GetAsync<V1Pod>(ns, name, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict, "The pod no longer exists: its controller has already replaced it.");
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict, "The pod is already terminating.");
        }

        var trigger = PodTrigger.Evaluate(pod, _options, _clock.GetUtcNow());
        if (trigger.Why is null)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict, $"Below the repair rules: {trigger.Observed}.");
        }

        var owner = await _workloads.OwnerOfAsync(pod, cancellationToken);
        if (owner is null)
        {
            var kind = WorkloadResolver.OwnerKind(pod);
            return Done(plan, RepairOutcome.NotRepairable, RepairAction.None, kind is null
                ? "Not repairable automatically: no controller owns this pod, so nothing would replace it after an eviction."
                : $"Not repairable automatically: its {kind} does not replace evicted pods.");
        }

        var state = StateOf(owner);
        if (Held(state) is { } held)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict, held, owner);
        }

        if (state.Evicted >= _options.MaxPerWorkload)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict,
                $"Per-workload cap: {state.Evicted} pod(s) of {owner.Display} already evicted in this run (-MaxPerWorkload {_options.MaxPerWorkload}).", owner);
        }

        var ready = IsReady(pod);
        var readyLeft = state.Workload.Ready - state.ReadyEvicted - (ready ? 1 : 0);
        if (ready && readyLeft < 1)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.Evict,
                $"Would leave {owner.Display} with zero Ready replicas ({state.Workload.Ready - state.ReadyEvicted} Ready, this pod among them); " +
                "a rolling restart starts a new pod first.", owner);
        }

        state.Evicted++;
        state.ReadyEvicted += ready ? 1 : 0;
        return new RepairPlan(plan.Finding, plan.StartTime)
        {
            Action = RepairAction.Evict,
            Target = $"pod {ns}/{name}",
            Description = $"Evict ({trigger.Why}; {owner.Display} keeps {readyLeft} Ready)",
            PodName = name,
            Workload = owner,
        };
    }

    private async Task<RepairPlan> PlanWorkloadAsync(RepairPlan plan, string ns, CancellationToken cancellationToken)
    {
        var action = _options.WorkloadAction switch
        {
            WorkloadRepairAction.ScaleUp => RepairAction.ScaleUp,
            WorkloadRepairAction.None => RepairAction.None,
            _ => RepairAction.Restart,
        };
        if (action == RepairAction.None)
        {
            return Done(plan, RepairOutcome.Skipped, RepairAction.None, "-Action None: reported, not repaired.");
        }

        RepairWorkload? workload;
        try
        {
            workload = await _workloads.GetAsync(plan.Finding.Kind, ns, plan.Finding.Name, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return Done(plan, RepairOutcome.Skipped, action, $"The {plan.Finding.Kind} no longer exists.");
        }

        var state = StateOf(workload!);
        if (state.Evicted > 0 || state.Restarted)
        {
            return Done(plan, RepairOutcome.Skipped, action, $"{workload!.Display} was already repaired in this run.", workload);
        }

        if (Held(state) is { } held)
        {
            return Done(plan, RepairOutcome.Skipped, action, held, workload);
        }

        if (action == RepairAction.ScaleUp && !workload!.CanScale)
        {
            return Done(plan, RepairOutcome.NotRepairable, action, "Not repairable by scaling: a DaemonSet runs one pod per node.", workload);
        }

        if (action == RepairAction.Restart && workload!.RestartRisk is { } risk && workload.Ready > 0)
        {
            return Done(plan, RepairOutcome.Skipped, action, $"Would leave {workload.Display} with zero Ready replicas: {risk}.", workload);
        }

        state.Restarted = true;
        var what = action == RepairAction.ScaleUp
            ? $"Scale up from {workload!.Desired} to {workload.Desired + 1} replicas"
            : $"Rolling restart ({workload!.Ready}/{workload.Desired} Ready)";
        return new RepairPlan(plan.Finding, plan.StartTime)
        {
            Action = action,
            Target = $"{workload.Kind.ToLowerInvariant()} {ns}/{workload.Name}",
            Description = $"{what} for {plan.Finding.Code}",
            Workload = workload,
        };
    }

    /// <summary>The cooldown, unless this run already acted on the workload (then the cap decides).</summary>
    private string? Held(WorkloadRunState state)
    {
        if (state.Evicted > 0 || state.Restarted || state.Workload.LastRepair is not { } last)
        {
            return null;
        }

        var until = last + _options.Cooldown;
        var now = _clock.GetUtcNow();
        return now < until
            ? $"Cooldown: {state.Workload.Display} was repaired at {RepairCooldown.Timestamp(last)} ({(now - last).TotalMinutes:0} min ago); " +
              $"next repair after {RepairCooldown.Timestamp(until)}."
            : null;
    }

    private WorkloadRunState StateOf(RepairWorkload workload)
    {
        var key = $"{workload.Type}/{workload.Namespace}/{workload.Name}";
        if (!_touched.TryGetValue(key, out var state))
        {
            _touched[key] = state = new WorkloadRunState(workload);
        }

        return state;
    }

    private static bool IsReady(V1Pod pod) => pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private RepairPlan Done(RepairPlan plan, RepairOutcome outcome, RepairAction action, string reason, RepairWorkload? workload = null) => new(plan.Finding, plan.StartTime)
    {
        Result = new OpsRepairResult
        {
            Code = plan.Finding.Code,
            Status = plan.Finding.Status,
            Action = action,
            Outcome = outcome,
            Namespace = plan.Finding.Namespace,
            Kind = plan.Finding.Kind,
            Name = plan.Finding.Name,
            Workload = workload?.Display,
            Reason = reason,
            Remediation = plan.Finding.Remediation,
            StartTime = plan.StartTime,
            DurationSeconds = Math.Round((_clock.GetUtcNow() - plan.StartTime).TotalSeconds, 3),
        },
    };

    /// <summary>What this run did to one workload so far; the workload as read when the run first touched it.</summary>
    private sealed class WorkloadRunState(RepairWorkload workload)
    {
        public RepairWorkload Workload { get; } = workload;

        public int Evicted { get; set; }

        public int ReadyEvicted { get; set; }

        public bool Restarted { get; set; }
    }
}
