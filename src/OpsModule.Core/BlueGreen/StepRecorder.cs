using System.Diagnostics;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen;

/// <summary>Runs the steps of a switch one by one, timing each, recording it and reporting progress.</summary>
internal sealed class StepRecorder
{
    private readonly List<OpsBlueGreenStep> _steps = [];
    private readonly IProgress<BlueGreenProgress>? _progress;
    private readonly int _total;

    public StepRecorder(int total, IProgress<BlueGreenProgress>? progress)
    {
        _total = total;
        _progress = progress;
    }

    public IReadOnlyList<OpsBlueGreenStep> Steps => _steps;

    /// <summary>The step that failed or was cancelled last, if any.</summary>
    public OpsBlueGreenStep? LastFailure { get; private set; }

    public async Task RunAsync(string name, Func<CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        var index = Math.Min(_steps.Count + 1, _total);
        _progress?.Report(new BlueGreenProgress(index, _total, name, BlueGreenStepStatus.Running, null));
        var watch = Stopwatch.StartNew();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = await action(cancellationToken);
            Record(index, new OpsBlueGreenStep(name, BlueGreenStepStatus.Succeeded, watch.Elapsed, message));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Record(index, LastFailure = new OpsBlueGreenStep(name, BlueGreenStepStatus.Cancelled, watch.Elapsed, "cancelled"));
            throw;
        }
        catch (OperationCanceledException)
        {
            Record(index, LastFailure = new OpsBlueGreenStep(name, BlueGreenStepStatus.Failed, watch.Elapsed, "a request timed out"));
            throw;
        }
        catch (Exception e) when (e is BlueGreenStepException or KubernetesApiException or Errors.OpsException)
        {
            Record(index, LastFailure = new OpsBlueGreenStep(name, BlueGreenStepStatus.Failed, watch.Elapsed, e.Message));
            throw;
        }
    }

    /// <summary>Runs a clean-up step: a failure is recorded, not thrown; returns whether it succeeded.</summary>
    public async Task<bool> TryRunAsync(string name, Func<CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(name, action, cancellationToken);
            return true;
        }
        catch (Exception e) when (IsStepFailure(e))
        {
            return false;
        }
    }

    /// <summary>The result's reason for a failed step: its message, or which step was cancelled.</summary>
    public string Reason(Exception e) => e is OperationCanceledException
        ? $"cancelled during {LastFailure?.Name ?? "the switch"}"
        : e.Message;

    public static bool IsStepFailure(Exception e) =>
        e is BlueGreenStepException or KubernetesApiException or Errors.OpsException or OperationCanceledException;

    public void Skip(string name, string message)
    {
        var index = Math.Min(_steps.Count + 1, _total);
        Record(index, new OpsBlueGreenStep(name, BlueGreenStepStatus.Skipped, TimeSpan.Zero, message));
    }

    private void Record(int index, OpsBlueGreenStep step)
    {
        _steps.Add(step);
        _progress?.Report(new BlueGreenProgress(index, _total, step.Name, step.Status, step.Message));
    }
}
