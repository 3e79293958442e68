using k8s.Models;
using System.Diagnostics;
using OpsModule.Core.BlueGreen.Istio;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// Switches traffic from the active colour to the idle one: by a Service's selector (default), by Istio VirtualService weights
/// (<see cref="BlueGreenOptions.VirtualService"/>), or back to the recorded previous colour (<see cref="BlueGreenOptions.Rollback"/>).
/// Every run holds a lock annotation, waits for the rollout, gates on health before and after, and rolls back on failure:
/// before traffic moves a failure leaves it untouched and the idle deployment at its previous replicas; after, traffic goes
/// back to the old colour, which is never scaled down before the switch is verified. Ctrl+C is a failure like any other.
/// Input errors and a held lock throw <see cref="Errors.OpsException"/> before anything changes.
/// </summary>
public sealed class BlueGreenSwitcher
{
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    private readonly IKubernetesApi _api;

    public BlueGreenSwitcher(IKubernetesApi api) => _api = api ?? throw new ArgumentNullException(nameof(api));

    /// <summary>What <see cref="SwitchAsync"/> would do (-WhatIf). Reads the Service (or VirtualService) and deployments; changes nothing.</summary>
    public async Task<BlueGreenPlan> PlanAsync(BlueGreenOptions options, CancellationToken cancellationToken = default)
    {
        BlueGreenOptionsValidator.Validate(options);
        if (options.VirtualService is not null)
        {
            return await WeightedPlan.CreateAsync(_api, options, cancellationToken);
        }

        var target = await BlueGreenTargetResolver.ResolveAsync(_api, options, cancellationToken);
        return new BlueGreenPlan
        {
            Namespace = options.Namespace,
            Service = target.Service.Name(),
            SelectorKey = target.SelectorKey,
            From = target.From,
            To = target.To,
            ActiveDeployment = target.Active.Name(),
            IdleDeployment = target.Idle.Name(),
            Replicas = target.Replicas,
            Image = options.Image,
            Steps = BlueGreenPlan.Planned(StepNames.Describe(options, target)),
        };
    }

    public async Task<OpsBlueGreenResult> SwitchAsync(
        BlueGreenOptions options, IProgress<BlueGreenProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        BlueGreenOptionsValidator.Validate(options);
        var watch = Stopwatch.StartNew();
        var steps = new StepRecorder(StepNames.Count(options), progress);
        var owner = options.LockOwner ?? $"{Environment.UserName}@{Environment.MachineName}";
        var weighted = options.VirtualService is not null;
        var lockedName = options.VirtualService ?? options.Service!;
        ISwitchRun run = weighted ? new WeightedSwitchRun(_api, options, steps) : new SelectorSwitchRun(_api, options, steps);
        SwitchLock? held = null;

        BlueGreenStatus status;
        string? reason;
        try
        {
            await steps.RunAsync(StepNames.AcquireLock, async ct =>
            {
                var type = weighted ? await VirtualServiceStore.ResolveTypeAsync(_api, options.Namespace, lockedName, ct) : ResourceTypes.Services;
                held = new SwitchLock(_api, type, options.Namespace, lockedName);
                return await held.AcquireAsync(owner, options.Timeout, options.Force, ct);
            }, cancellationToken);
            (status, reason) = await run.ExecuteAsync(cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound && steps.Steps.Count == 1)
        {
            throw weighted
                ? BlueGreenErrors.VirtualServiceNotFound(options.Namespace, lockedName)
                : BlueGreenErrors.ServiceNotFound(options.Namespace, lockedName);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while taking the lock or reading the target: nothing was changed yet (a lock PUT that landed is removed below).
            (status, reason) = (BlueGreenStatus.Failed, $"cancelled during {steps.LastFailure?.Name ?? StepNames.AcquireLock}");
        }
        finally
        {
            if (held is not null)
            {
                await ReleaseAsync(steps, held);
            }
        }

        return new OpsBlueGreenResult
        {
            Namespace = options.Namespace,
            Service = options.Service ?? string.Empty,
            VirtualService = options.VirtualService,
            From = run.From ?? string.Empty,
            To = run.To ?? options.To ?? string.Empty,
            Image = options.Image,
            Status = status,
            Steps = steps.Steps.ToList(),
            DurationSeconds = Seconds.Of(watch.Elapsed),
            Reason = reason,
            Cancelled = cancellationToken.IsCancellationRequested,
        };
    }

    private static async Task ReleaseAsync(StepRecorder steps, SwitchLock held)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        try
        {
            await steps.RunAsync(StepNames.ReleaseLock, async ct => await held.ReleaseAsync(ct) ?? "lock released", budget.Token);
        }
        catch (OperationCanceledException)
        {
            // Recorded as a cancelled step; the lock goes stale after -Timeout.
        }
    }
}
