using System.Management.Automation;
using OpsModule.Binding;
using OpsModule.Core.Errors;
using OpsModule.Core.Health;
using OpsModule.Core.Repair;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Repairs what Get-OpsHealth found: evicts crash-looping or unready pods, restarts unavailable workloads, within guard rails.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "OpsHealth", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NamespaceSet)]
[OutputType(typeof(OpsRepairResult))]
public sealed class RepairOpsHealthCommand : OpsConnectionCmdlet
{
    private const string NamespaceSet = "Namespace";
    private const string FindingSet = "Finding";

    private HealthRepairer? _repairer;

    /// <summary>A finding of Get-OpsHealth, usually piped.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FindingSet)]
    [ValidateNotNull]
    public OpsHealthResult? Finding { get; set; }

    /// <summary>Namespaces to find and repair problems in with the runbook's rules; default: the context's namespace.</summary>
    [Parameter(Position = 0, ParameterSetName = NamespaceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>Label selector narrowing the pods and workloads, e.g. app=saas-platform.</summary>
    [Parameter(ParameterSetName = NamespaceSet)]
    [ValidateNotNullOrEmpty]
    public string? Selector { get; set; }

    /// <summary>A pod is evicted when its containers restarted more often than this (the runbook's "more than 5").</summary>
    [Parameter]
    [ValidateRange(0, 10_000)]
    public int RestartThreshold { get; set; } = 5;

    /// <summary>... or when it has not been Ready for longer than this (the runbook's 5 minutes): 5m, 300s, 00:05:00.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan NotReadyFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What to do about an unavailable workload or a stuck rollout: Restart (rolling, as kubectl rollout restart), ScaleUp (one more replica) or None.</summary>
    /// <remarks>A string, not Core's enum: a field of a Core value type would make OpsModule.dll need Core before the module's load hook runs.</remarks>
    [Parameter]
    [ValidateSet(nameof(WorkloadRepairAction.Restart), nameof(WorkloadRepairAction.ScaleUp), nameof(WorkloadRepairAction.None))]
    public string Action { get; set; } = nameof(WorkloadRepairAction.Restart);

    /// <summary>At most this many pods of one workload are evicted per run.</summary>
    [Parameter]
    [ValidateRange(1, 1_000)]
    public int MaxPerWorkload { get; set; } = 1;

    /// <summary>A workload repaired less than this long ago (recorded in its opsmodule.io/repaired-at annotation) is left alone.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait until an evicted pod's replacement is Ready, or a restarted workload has all new Ready pods.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Seconds -Wait waits for each repair.</summary>
    [Parameter]
    [Alias("Timeout")]
    [ValidateRange(1, 86_400)]
    public int TimeoutSec { get; set; } = 300;

    protected override object? FailureTarget => Namespace is [var only] ? only : null;

    protected override async Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        var api = await GetKubernetesClientAsync(cancellationToken);
        _repairer = new HealthRepairer(api, new RepairOptions
        {
            RestartThreshold = RestartThreshold,
            NotReadyFor = NotReadyFor,
            WorkloadAction = Enum.Parse<WorkloadRepairAction>(Action, ignoreCase: true),
            MaxPerWorkload = MaxPerWorkload,
            Cooldown = Cooldown,
            Wait = Wait,
            WaitTimeout = TimeSpan.FromSeconds(TimeoutSec),
        });
    }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (Finding is not null)
        {
            await RepairAsync(Finding, cancellationToken);
        }
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        // An empty pipe ("… | Where-Object … | Repair-OpsHealth" that matched nothing) ends in the default set too: it must repair nothing.
        var findsItself = await InvokeOnPipelineThreadAsync(() => ParameterSetName == NamespaceSet && !MyInvocation.ExpectingInput);
        if (!findsItself)
        {
            return;
        }

        var namespaces = Namespace ?? [await GetContextNamespaceAsync(cancellationToken)];
        var progress = CreateProgress<string>(status => WriteProgress(new ProgressRecord(1, "Repair-OpsHealth", status)));
        var run = await _repairer!.FindAsync(namespaces, Selector, progress, cancellationToken);
        foreach (var failure in run.Failures)
        {
            await WriteErrorAsync(failure.Error, failure.Namespace);
        }

        foreach (var finding in run.Results.Where(r => r.Status != HealthStatus.Healthy))
        {
            await RepairAsync(finding, cancellationToken);
        }
    }

    private async Task RepairAsync(OpsHealthResult finding, CancellationToken cancellationToken)
    {
        var plan = await _repairer!.PlanAsync(finding, cancellationToken);
        if (plan.Result is null && !await ShouldProcessAsync(plan.Target, plan.Description))
        {
            return;
        }

        var result = await _repairer.ExecuteAsync(plan, cancellationToken);
        await WriteObjectAsync(result);
        if (result.Outcome == RepairOutcome.Failed)
        {
            await WriteErrorAsync(
                new OpsException("Ops.Repair.Failed", OpsErrorCategory.InvalidResult,
                    $"{result.Action} of {result.Kind.ToLowerInvariant()} {result.Namespace}/{result.Name} failed: {result.Reason}",
                    $"The finding's remediation: {result.Remediation}".TrimEnd(' ', ':')),
                result);
        }
    }
}
