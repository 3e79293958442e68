using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>
/// One Istio weight shift: prepare the idle colour, then per traffic step gate (new pods, -HealthCheck, the colour's Service),
/// set the weights and watch the new colour for the step interval (the last step for -VerifyDuration); retire the old colour.
/// Any failure once weights moved sets them back to 100 % old before the idle colour is scaled back.
/// </summary>
internal sealed class WeightedSwitchRun : ISwitchRun
{
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    /// <summary>After the weights go back, give the mesh's proxies time to stop sending to the new pods before they go away.</summary>
    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(5);

    private readonly IKubernetesApi _api;
    private readonly BlueGreenOptions _options;
    private readonly StepRecorder _steps;

    public WeightedSwitchRun(IKubernetesApi api, BlueGreenOptions options, StepRecorder steps)
    {
        _api = api;
        _options = options;
        _steps = steps;
    }

    public WeightedTarget? Target { get; private set; }

    public string? From => Target?.From;

    public string? To => Target?.To;

    public async Task<(BlueGreenStatus Status, string? Reason)> ExecuteAsync(CancellationToken cancellationToken)
    {
        await _steps.RunAsync(StepNames.ReadActiveColor, async ct =>
        {
            Target = await WeightedTargetResolver.ResolveAsync(_api, _options, ct);
            return WeightedPlan.DescribeTarget(_options, Target);
        }, cancellationToken);
        var target = Target!;
        var store = new VirtualServiceStore(_api, target.Type, _options.Namespace, target.VirtualService);
        var idle = new IdleColor(_api, _options, _steps, target.Idle, target.Replicas);
        var active = new ColorDeployment(_api, _options.Namespace, target.Active);
        var checks = new TrafficChecks(_api, _options, target.ColorService);

        try
        {
            await idle.PrepareAsync(checks, cancellationToken);
        }
        catch (Exception e) when (StepRecorder.IsStepFailure(e))
        {
            await idle.RestoreAsync();
            return (BlueGreenStatus.Failed, _steps.Reason(e));
        }

        var shifted = false;
        try
        {
            for (var i = 0; i < _options.TrafficSteps.Count; i++)
            {
                var percent = _options.TrafficSteps[i];
                var hold = i == _options.TrafficSteps.Count - 1 ? _options.VerifyDuration : _options.StepInterval;
                await _steps.RunAsync(StepNames.Weight(percent), async ct =>
                {
                    var gate = await GateAsync(checks, idle, ct);
                    shifted = true;
                    await store.SetWeightsAsync(target.Colors, Weights(target, percent), ct);
                    var watched = await WatchAsync(checks, idle.Pods, hold, ct);
                    return $"{target.To} {percent} % / {target.From} {100 - percent} % ({gate}); then {watched}";
                }, cancellationToken);
            }

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
            var reason = _steps.Reason(e);
            if (!shifted)
            {
                await idle.RestoreAsync();
                return (BlueGreenStatus.Failed, reason);
            }

            return await RollBackAsync(reason, store, idle);
        }

        return await SelectorSwitchRun.RetirePreviousAsync(_steps, _options, active);
    }

    private static Dictionary<string, int> Weights(WeightedTarget target, int toPercent) => new(StringComparer.Ordinal)
    {
        [target.To] = toPercent,
        [target.From] = 100 - toPercent,
    };

    /// <summary>The gate before each step: every new pod answers N times in a row, -HealthCheck, and the colour's own Service answers.</summary>
    private async Task<string> GateAsync(TrafficChecks checks, IdleColor idle, CancellationToken cancellationToken)
    {
        var passed = new List<string> { await checks.PodsHealthyAsync(idle.Pods, cancellationToken) };
        if (_options.HealthCheck)
        {
            passed.Add(await idle.HealthGateAsync(cancellationToken));
        }

        if (Target!.ColorService is { } service)
        {
            await checks.ServiceAnswersOnceAsync(cancellationToken);
            passed.Add($"Service {service.Name()} answered");
        }

        return string.Join("; ", passed);
    }

    /// <summary>Watches the new colour (its pods and its Service) every -VerifyInterval for <paramref name="duration"/>.</summary>
    private async Task<string> WatchAsync(TrafficChecks checks, IReadOnlyList<V1Pod> pods, TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = DateTimeOffset.UtcNow + duration;
        var rounds = 0;
        while (true)
        {
            await checks.PodsHealthyAsync(pods, 1, cancellationToken);
            await checks.ServiceAnswersOnceAsync(cancellationToken);
            rounds++;
            if (DateTimeOffset.UtcNow >= end)
            {
                return $"{rounds} check round(s) passed in {duration.TotalSeconds:0.#} s";
            }

            await Task.Delay(_options.VerifyInterval, cancellationToken);
        }
    }

    private async Task<(BlueGreenStatus Status, string? Reason)> RollBackAsync(string reason, VirtualServiceStore store, IdleColor idle)
    {
        var target = Target!;
        using var budget = new CancellationTokenSource(CleanupBudget);
        var drain = _options.StepInterval < MaxDrain ? _options.StepInterval : MaxDrain;
        var restored = await _steps.TryRunAsync(StepNames.RestoreWeights, async ct =>
        {
            await store.SetWeightsAsync(target.Colors, Weights(target, 0), ct);
            await Task.Delay(drain, ct);
            return $"{target.From} 100 % / {target.To} 0 %; waited {drain.TotalSeconds:0.#} s for the proxies to follow";
        }, budget.Token);
        if (!restored)
        {
            return (BlueGreenStatus.Failed,
                $"{reason}; rolling back failed ({_steps.LastFailure?.Message}): VirtualService '{target.VirtualService}' may still send "
                + $"traffic to {target.To}, and {idle.Name} was left running");
        }

        await idle.RestoreAsync();
        return (BlueGreenStatus.RolledBack, reason);
    }
}
