using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// One Service-selector switch: prepare the idle colour, patch the selector (recording the switch), wait for the endpoints,
/// verify, retire the old colour. Before the patch a failure leaves the Service untouched; after it the selector goes back.
/// </summary>
internal sealed class SelectorSwitchRun : ISwitchRun
{
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    private readonly IKubernetesApi _api;
    private readonly BlueGreenOptions _options;
    private readonly StepRecorder _steps;

    public SelectorSwitchRun(IKubernetesApi api, BlueGreenOptions options, StepRecorder steps)
    {
        _api = api;
        _options = options;
        _steps = steps;
    }

    public BlueGreenTarget? Target { get; private set; }

    public string? From => Target?.From;

    public string? To => Target?.To;

    public async Task<(BlueGreenStatus Status, string? Reason)> ExecuteAsync(CancellationToken cancellationToken)
    {
        await _steps.RunAsync(StepNames.ReadActiveColor, async ct =>
        {
            Target = await BlueGreenTargetResolver.ResolveAsync(_api, _options, ct);
            return Describe(Target);
        }, cancellationToken);
        var target = Target!;
        var idle = new IdleColor(_api, _options, _steps, target.Idle, target.Replicas);
        var active = new ColorDeployment(_api, _options.Namespace, target.Active);
        var checks = new TrafficChecks(_api, _options, target.Service);

        try
        {
            await idle.PrepareAsync(checks, cancellationToken);
        }
        catch (Exception e) when (StepRecorder.IsStepFailure(e))
        {
            await idle.RestoreAsync();
            return (BlueGreenStatus.Failed, _steps.Reason(e));
        }

        var record = new SwitchRecord(target.From, target.To, target.Active.Name(), target.Idle.Name(), target.Active.Spec.Replicas ?? 1, DateTimeOffset.UtcNow);
        try
        {
            await _steps.RunAsync(StepNames.PatchSelector, ct => PatchSelectorAsync(target.To, record.ToJson(), ct), cancellationToken);
        }
        catch (Exception e) when (StepRecorder.IsStepFailure(e))
        {
            // The patch may have been applied before the failure was seen: set the old value again to be sure.
            return await RollBackAsync(BlueGreenStatus.Failed, _steps.Reason(e), checks, idle, active);
        }

        try
        {
            await _steps.RunAsync(StepNames.WaitEndpoints, ct => checks.EndpointsAreAsync(idle.Pods, ct), cancellationToken);
            await _steps.RunAsync(StepNames.PostSwitchGate, ct => checks.ServiceHealthyAsync(ct), cancellationToken);
            if (!_options.KeepPrevious && _options.ScaleDownDelay > TimeSpan.Zero)
            {
                await _steps.RunAsync(StepNames.ScaleDownDelay, async ct =>
                {
                    await Task.Delay(_options.ScaleDownDelay, ct);
                    return $"waited {_options.ScaleDownDelay.TotalSeconds:0.#} s";
                }, cancellationToken);
            }
        }
        catch (Exception e) when (StepRecorder.IsStepFailure(e))
        {
            return await RollBackAsync(BlueGreenStatus.RolledBack, _steps.Reason(e), checks, idle, active);
        }

        return await RetirePreviousAsync(_steps, _options, active);
    }

    /// <summary>ScaleDownPrevious (or its skip with -KeepPrevious). The switch stands: a failed scale-down is reported, not rolled back.</summary>
    public static async Task<(BlueGreenStatus Status, string? Reason)> RetirePreviousAsync(StepRecorder steps, BlueGreenOptions options, ColorDeployment active)
    {
        if (options.KeepPrevious)
        {
            steps.Skip(StepNames.ScaleDownPrevious, $"{active.Name} kept running (-KeepPrevious)");
            return (BlueGreenStatus.Switched, null);
        }

        try
        {
            await steps.RunAsync(StepNames.ScaleDownPrevious, ct => active.ScaleAsync(0, ct), CancellationToken.None);
            return (BlueGreenStatus.Switched, null);
        }
        catch (Exception e) when (StepRecorder.IsStepFailure(e))
        {
            return (BlueGreenStatus.Switched, $"switched, but {active.Name} was not scaled down: {e.Message}");
        }
    }

    private string Describe(BlueGreenTarget target)
    {
        var message = $"{target.Service.Name()} selects {target.SelectorKey}={target.From} ({target.Active.Name()}); ";
        if (!_options.Rollback)
        {
            return message + $"switching to {target.To} ({target.Idle.Name()})";
        }

        return message + (target.Recorded
            ? $"rolling back to {target.To} ({target.Idle.Name()}, {target.Replicas} replicas) as recorded by the switch at {target.LastSwitch!.At:u}"
            : $"rolling back to the other colour {target.To} ({target.Idle.Name()}): no switch to {target.From} was recorded");
    }

    /// <summary>Selector value and switch record in one merge patch, so the record never disagrees with the selector.</summary>
    private async Task<string> PatchSelectorAsync(string value, string? record, CancellationToken cancellationToken)
    {
        var target = Target!;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [SwitchRecord.AnnotationKey] = record } },
            ["spec"] = new JsonObject { ["selector"] = new JsonObject { [target.SelectorKey] = value } },
        };
        await _api.PatchAsync<V1Service>(_options.Namespace, target.Service.Name(), PatchType.Merge, patch, cancellationToken);
        return $"{target.Service.Name()} selector {target.SelectorKey}={value}";
    }

    /// <summary>
    /// Selector (and switch record) back to the old colour, then wait for its endpoints, and only then take the new pods away, so
    /// requests in flight still find a pod. If the selector cannot be restored, the new colour is left running: it may be serving.
    /// </summary>
    private async Task<(BlueGreenStatus Status, string? Reason)> RollBackAsync(
        BlueGreenStatus status, string reason, TrafficChecks checks, IdleColor idle, ColorDeployment active)
    {
        var target = Target!;
        var previousRecord = target.Service.GetAnnotation(SwitchRecord.AnnotationKey);
        using var budget = new CancellationTokenSource(CleanupBudget + _options.Timeout);
        if (!await _steps.TryRunAsync(StepNames.RestoreSelector, ct => PatchSelectorAsync(target.From, previousRecord, ct), budget.Token))
        {
            return (BlueGreenStatus.Failed,
                $"{reason}; rolling back failed ({_steps.LastFailure?.Message}): Service '{target.Service.Name()}' may still select "
                + $"{target.SelectorKey}={target.To}, and {idle.Name} was left running");
        }

        await _steps.TryRunAsync(StepNames.WaitEndpointsRestored, async ct =>
        {
            var oldPods = await active.ReadyPodsAsync(ct);
            return await checks.EndpointsAreAsync(oldPods, ct);
        }, budget.Token);
        await idle.RestoreAsync();
        return (status, reason);
    }
}
