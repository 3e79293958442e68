using System.Diagnostics;
using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// Switches a Service's selector from the active colour to the idle one, with a rollout wait, health gates before and after,
/// and automatic rollback. Before the selector patch a failure leaves the Service untouched and the idle deployment at its
/// previous replicas; after it, the selector goes back to the old colour, which is never scaled down before the switch is verified.
/// Input errors and a held lock throw <see cref="Errors.OpsException"/> before anything changes.
/// </summary>
public sealed class BlueGreenSwitcher
{
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    private readonly IKubernetesApi _api;

    public BlueGreenSwitcher(IKubernetesApi api) => _api = api ?? throw new ArgumentNullException(nameof(api));

    /// <summary>What <see cref="SwitchAsync"/> would do (-WhatIf). Reads the Service and deployments; changes nothing.</summary>
    public async Task<BlueGreenPlan> PlanAsync(BlueGreenOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = await BlueGreenTargetResolver.ResolveAsync(_api, options, cancellationToken);
        return new BlueGreenPlan
        {
            Namespace = options.Namespace,
            Service = options.Service,
            SelectorKey = target.SelectorKey,
            From = target.From,
            To = target.To,
            ActiveDeployment = target.Active.Name,
            IdleDeployment = target.Idle.Name,
            Replicas = target.Replicas,
            Image = options.Image,
            Steps = StepNames.Describe(options, target)
                .Select(s => new OpsBlueGreenStep(s.Name, BlueGreenStepStatus.Planned, TimeSpan.Zero, s.Description))
                .ToList(),
        };
    }

    public async Task<OpsBlueGreenResult> SwitchAsync(
        BlueGreenOptions options, Action<BlueGreenProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var steps = new StepRecorder(StepNames.Count(options), progress);
        var serviceLock = new ServiceSwitchLock(_api, options.Namespace, options.Service);
        var owner = options.LockOwner ?? $"{Environment.UserName}@{Environment.MachineName}";

        try
        {
            await steps.RunAsync(StepNames.AcquireLock, ct => serviceLock.AcquireAsync(owner, options.Timeout, options.Force, ct), cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw BlueGreenErrors.ServiceNotFound(options.Namespace, options.Service);
        }

        var run = new SwitchRun(_api, options, steps);
        BlueGreenStatus status;
        string? reason;
        try
        {
            (status, reason) = await run.ExecuteAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while reading the target: nothing was changed yet.
            (status, reason) = (BlueGreenStatus.Failed, $"cancelled during {steps.LastFailure?.Name ?? StepNames.ReadActiveColor}");
        }
        finally
        {
            await ReleaseAsync(steps, serviceLock);
        }

        return new OpsBlueGreenResult
        {
            Namespace = options.Namespace,
            Service = options.Service,
            From = run.Target?.From ?? string.Empty,
            To = run.Target?.To ?? options.To ?? string.Empty,
            Image = options.Image,
            Status = status,
            Steps = steps.Steps.ToList(),
            Duration = watch.Elapsed,
            Reason = reason,
            Cancelled = cancellationToken.IsCancellationRequested,
        };
    }

    private static async Task ReleaseAsync(StepRecorder steps, ServiceSwitchLock serviceLock)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        try
        {
            await steps.RunAsync(StepNames.ReleaseLock, async ct => await serviceLock.ReleaseAsync(ct) ?? "lock released", budget.Token);
        }
        catch (OperationCanceledException)
        {
            // Recorded as a cancelled step; the lock goes stale after -Timeout.
        }
    }

    /// <summary>One run of the switch: the steps in order, and the way back when one fails.</summary>
    private sealed class SwitchRun
    {
        private readonly IKubernetesApi _api;
        private readonly BlueGreenOptions _options;
        private readonly StepRecorder _steps;
        private ColorDeployment? _idle;
        private ColorDeployment? _active;
        private bool _idleChanged;

        public SwitchRun(IKubernetesApi api, BlueGreenOptions options, StepRecorder steps)
        {
            _api = api;
            _options = options;
            _steps = steps;
        }

        public BlueGreenTarget? Target { get; private set; }

        public async Task<(BlueGreenStatus Status, string? Reason)> ExecuteAsync(CancellationToken cancellationToken)
        {
            await _steps.RunAsync(StepNames.ReadActiveColor, async ct =>
            {
                Target = await BlueGreenTargetResolver.ResolveAsync(_api, _options, ct);
                return $"{Target.Service.Name} selects {Target.SelectorKey}={Target.From} ({Target.Active.Name}); switching to {Target.To} ({Target.Idle.Name})";
            }, cancellationToken);
            var target = Target!;
            _idle = new ColorDeployment(_api, _options.Namespace, target.Idle);
            _active = new ColorDeployment(_api, _options.Namespace, target.Active);
            var checks = new TrafficChecks(_api, _options, target.Service);
            IReadOnlyList<Pod> newPods = [];

            try
            {
                if (_options.Image is { } image)
                {
                    await _steps.RunAsync(StepNames.SetImage, ct => Changing(_idle.SetImageAsync(image, _options.Container, ct)), cancellationToken);
                }

                await _steps.RunAsync(StepNames.ScaleIdle, ct => Changing(_idle.ScaleAsync(target.Replicas, ct)), cancellationToken);
                await _steps.RunAsync(StepNames.WaitRollout, async ct =>
                {
                    newPods = await _idle.WaitForRolloutAsync(target.Replicas, _options.Timeout, _options.PollInterval, ct);
                    return $"{newPods.Count} pod(s) ready: {string.Join(", ", newPods.Select(p => p.Name))}";
                }, cancellationToken);
                await _steps.RunAsync(StepNames.PreSwitchGate, ct => checks.PodsHealthyAsync(newPods, ct), cancellationToken);
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                await RestoreIdleAsync();
                return (BlueGreenStatus.Failed, Reason(e));
            }

            try
            {
                await _steps.RunAsync(StepNames.PatchSelector, ct => PatchSelectorAsync(target.To, ct), cancellationToken);
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                // The patch may have been applied before the failure was seen: set the old value again to be sure.
                return await RollBackAsync(BlueGreenStatus.Failed, Reason(e), checks);
            }

            try
            {
                await _steps.RunAsync(StepNames.WaitEndpoints, ct => checks.EndpointsAreAsync(newPods, ct), cancellationToken);
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
            catch (Exception e) when (IsStepFailure(e))
            {
                return await RollBackAsync(BlueGreenStatus.RolledBack, Reason(e), checks);
            }

            if (_options.KeepPrevious)
            {
                _steps.Skip(StepNames.ScaleDownPrevious, $"{_active.Name} kept running (-KeepPrevious)");
                return (BlueGreenStatus.Switched, null);
            }

            try
            {
                // Past this point the switch stands: a failed scale-down is reported, not rolled back (the old colour may be half gone).
                await _steps.RunAsync(StepNames.ScaleDownPrevious, ct => _active.ScaleAsync(0, ct), CancellationToken.None);
                return (BlueGreenStatus.Switched, null);
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                return (BlueGreenStatus.Switched, $"switched, but {_active.Name} was not scaled down: {e.Message}");
            }
        }

        private async Task<string> Changing(Task<string> change)
        {
            _idleChanged = true;
            return await change;
        }

        private async Task<string> PatchSelectorAsync(string value, CancellationToken cancellationToken)
        {
            var target = Target!;
            var patch = new JsonObject { ["spec"] = new JsonObject { ["selector"] = new JsonObject { [target.SelectorKey] = value } } };
            await _api.PatchAsync<Service>(_options.Namespace, target.Service.Name, PatchType.Merge, patch, cancellationToken);
            return $"{target.Service.Name} selector {target.SelectorKey}={value}";
        }

        /// <summary>
        /// Selector back to the old colour, then wait for its endpoints, and only then take the new pods away, so requests in
        /// flight still find a pod. If the selector cannot be restored, the new colour is left running: it may be serving.
        /// </summary>
        private async Task<(BlueGreenStatus Status, string? Reason)> RollBackAsync(BlueGreenStatus status, string reason, TrafficChecks checks)
        {
            using var budget = new CancellationTokenSource(CleanupBudget + _options.Timeout);
            if (!await TryCleanupAsync(StepNames.RestoreSelector, ct => PatchSelectorAsync(Target!.From, ct), budget.Token))
            {
                return (BlueGreenStatus.Failed,
                    $"{reason}; rolling back failed ({_steps.LastFailure?.Message}): Service '{Target!.Service.Name}' may still select "
                    + $"{Target.SelectorKey}={Target.To}, and {_idle?.Name} was left running");
            }

            await TryCleanupAsync(StepNames.WaitEndpointsRestored, async ct =>
            {
                var oldPods = await _active!.ReadyPodsAsync(ct);
                return await checks.EndpointsAreAsync(oldPods, ct);
            }, budget.Token);
            await RestoreIdleAsync();
            return (status, reason);
        }

        private async Task RestoreIdleAsync()
        {
            if (!_idleChanged || _idle is null)
            {
                return;
            }

            if (_options.KeepFailed)
            {
                _steps.Skip(StepNames.RestoreIdle, $"{_idle.Name} left at its new scale (-KeepFailed)");
                return;
            }

            using var budget = new CancellationTokenSource(CleanupBudget);
            await TryCleanupAsync(StepNames.RestoreIdle, ct => _idle.RestoreAsync(ct), budget.Token);
        }

        private async Task<bool> TryCleanupAsync(string name, Func<CancellationToken, Task<string>> action, CancellationToken cancellationToken)
        {
            try
            {
                await _steps.RunAsync(name, action, cancellationToken);
                return true;
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                // Recorded as a failed step; the result still reports the original reason.
                return false;
            }
        }

        private static bool IsStepFailure(Exception e) =>
            e is BlueGreenStepException or KubernetesApiException or Errors.OpsException or OperationCanceledException;

        private string Reason(Exception e) => e is OperationCanceledException
            ? $"cancelled during {_steps.LastFailure?.Name ?? "the switch"}"
            : e.Message;
    }
}
