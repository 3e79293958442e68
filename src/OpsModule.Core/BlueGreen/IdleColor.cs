using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// The colour about to take traffic, in both modes: image, scale, rollout and the gates before any traffic moves; and the way
/// back to its previous replicas and image when the switch does not stand.
/// </summary>
internal sealed class IdleColor
{
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    private readonly IKubernetesApi _api;
    private readonly BlueGreenOptions _options;
    private readonly StepRecorder _steps;
    private readonly int _replicas;

    public IdleColor(IKubernetesApi api, BlueGreenOptions options, StepRecorder steps, V1Deployment deployment, int replicas)
    {
        _api = api;
        _options = options;
        _steps = steps;
        _replicas = replicas;
        Deployment = new ColorDeployment(api, options.Namespace, deployment);
    }

    public ColorDeployment Deployment { get; }

    public string Name => Deployment.Name;

    /// <summary>Ready pods after the rollout.</summary>
    public IReadOnlyList<V1Pod> Pods { get; private set; } = [];

    /// <summary>True once a change was sent (even if it failed): then <see cref="RestoreAsync"/> has something to put back.</summary>
    public bool Changed { get; private set; }

    /// <summary>SetImage (with -Image), ScaleIdle, WaitRollout, PreSwitchGate, HealthCheckGate (with -HealthCheck). Throws on a failed step.</summary>
    public async Task PrepareAsync(TrafficChecks checks, CancellationToken cancellationToken)
    {
        if (_options.Image is { } image)
        {
            await _steps.RunAsync(StepNames.SetImage, ct => Changing(Deployment.SetImageAsync(image, _options.Container, ct)), cancellationToken);
        }

        await _steps.RunAsync(StepNames.ScaleIdle, ct => Changing(Deployment.ScaleAsync(_replicas, ct)), cancellationToken);
        await _steps.RunAsync(StepNames.WaitRollout, async ct =>
        {
            Pods = await Deployment.WaitForRolloutAsync(_replicas, _options.Timeout, ct);
            return $"{Pods.Count} pod(s) ready: {string.Join(", ", Pods.Select(p => p.Name()))}";
        }, cancellationToken);
        await _steps.RunAsync(StepNames.PreSwitchGate, ct => checks.PodsHealthyAsync(Pods, ct), cancellationToken);
        if (_options.HealthCheck)
        {
            await _steps.RunAsync(StepNames.HealthCheckGate, HealthGateAsync, cancellationToken);
        }
    }

    public Task<string> HealthGateAsync(CancellationToken cancellationToken) =>
        new NewColorHealthGate(_api, _options.Namespace, Deployment).CheckAsync(cancellationToken);

    /// <summary>RestoreIdle: previous replicas and image, unless -KeepFailed. Never throws; a failure is a failed step.</summary>
    public async Task RestoreAsync()
    {
        if (!Changed)
        {
            return;
        }

        if (_options.KeepFailed)
        {
            _steps.Skip(StepNames.RestoreIdle, $"{Name} left at its new scale (-KeepFailed)");
            return;
        }

        using var budget = new CancellationTokenSource(CleanupBudget);
        await _steps.TryRunAsync(StepNames.RestoreIdle, ct => Deployment.RestoreAsync(ct), budget.Token);
    }

    private async Task<string> Changing(Task<string> change)
    {
        Changed = true;
        return await change;
    }
}
