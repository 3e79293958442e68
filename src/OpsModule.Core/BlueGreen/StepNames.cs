using k8s.Models;
namespace OpsModule.Core.BlueGreen;

/// <summary>The names of the steps, in the order a switch runs them, and the plan that lists them.</summary>
internal static class StepNames
{
    public const string AcquireLock = "AcquireLock";
    public const string ReadActiveColor = "ReadActiveColor";
    public const string SetImage = "SetImage";
    public const string ScaleIdle = "ScaleIdle";
    public const string WaitRollout = "WaitRollout";
    public const string PreSwitchGate = "PreSwitchGate";
    public const string PatchSelector = "PatchSelector";
    public const string WaitEndpoints = "WaitEndpoints";
    public const string PostSwitchGate = "PostSwitchGate";
    public const string ScaleDownDelay = "ScaleDownDelay";
    public const string ScaleDownPrevious = "ScaleDownPrevious";
    public const string ReleaseLock = "ReleaseLock";
    public const string RestoreSelector = "RestoreSelector";
    public const string WaitEndpointsRestored = "WaitEndpointsRestored";
    public const string RestoreIdle = "RestoreIdle";
    public const string HealthCheckGate = "HealthCheckGate";
    public const string RestoreWeights = "RestoreWeights";

    /// <summary>The weight-mode step that sends <paramref name="percent"/> % to the new colour, e.g. Weight80.</summary>
    public static string Weight(int percent) => $"Weight{percent}";

    /// <summary>How many steps a successful run records (the progress total).</summary>
    public static int Count(BlueGreenOptions options)
    {
        var preparation = 3 + (options.Image is null ? 0 : 1) + (options.HealthCheck ? 1 : 0);
        var retirement = 2 + (options.KeepPrevious || options.ScaleDownDelay <= TimeSpan.Zero ? 0 : 1);
        var traffic = options.VirtualService is null ? 3 : options.TrafficSteps.Count;
        return 2 + preparation + traffic + retirement;
    }

    public static IReadOnlyList<(string Name, string Description)> Describe(BlueGreenOptions options, BlueGreenTarget target)
    {
        var service = target.Service.Name();
        var steps = new List<(string, string)>
        {
            (AcquireLock, $"annotate Service {service} with {SwitchLock.AnnotationKey}"),
            (ReadActiveColor, $"{service} selects {target.SelectorKey}={target.From} ({target.Active.Name()})"
                + (options.Rollback ? $"; roll back to {target.To} ({target.Idle.Name()}{(target.Recorded ? $", as recorded at {target.LastSwitch!.At:u}" : ", the other colour: no switch record")})" : "")),
        };
        AddPreparation(steps, options, target.Idle, target.Replicas);
        steps.Add((PatchSelector, $"patch {service} selector {target.SelectorKey}: {target.From} -> {target.To}, record the switch in {SwitchRecord.AnnotationKey}"));
        steps.Add((WaitEndpoints, $"wait until the endpoints of {service} are the new pods"));
        steps.Add((PostSwitchGate, $"{service} answers {options.HealthPath} for {options.VerifyDuration.TotalSeconds:0.#} s"));
        AddRetirement(steps, options, target.Active.Name(), service);
        return steps;
    }

    /// <summary>SetImage, ScaleIdle, WaitRollout and the pre-switch gates: the same in both modes.</summary>
    public static void AddPreparation(List<(string, string)> steps, BlueGreenOptions options, k8s.Models.V1Deployment idle, int replicas)
    {
        if (options.Image is { } image)
        {
            steps.Add((SetImage, $"set image {image} on {idle.Name()}{(options.Container is null ? "" : "/" + options.Container)}"));
        }

        steps.Add((ScaleIdle, $"scale {idle.Name()} from {idle.Spec.Replicas ?? 1} to {replicas}"));
        steps.Add((WaitRollout, $"wait up to {options.Timeout.TotalSeconds:0.#} s for {idle.Name()} to be rolled out"));
        steps.Add((PreSwitchGate, $"every new pod answers {options.HealthPath} {options.HealthyChecks} time(s) in a row"));
        if (options.HealthCheck)
        {
            steps.Add((HealthCheckGate, $"health checks of {idle.Name()} and its pods find nothing Critical"));
        }
    }

    /// <summary>ScaleDownDelay, ScaleDownPrevious and ReleaseLock: the same in both modes.</summary>
    public static void AddRetirement(List<(string, string)> steps, BlueGreenOptions options, string active, string lockedObject)
    {
        if (options.KeepPrevious)
        {
            steps.Add((ScaleDownPrevious, $"keep {active} running (-KeepPrevious)"));
        }
        else
        {
            if (options.ScaleDownDelay > TimeSpan.Zero)
            {
                steps.Add((ScaleDownDelay, $"wait {options.ScaleDownDelay.TotalSeconds:0.#} s"));
            }

            steps.Add((ScaleDownPrevious, $"scale {active} to 0"));
        }

        steps.Add((ReleaseLock, $"remove {SwitchLock.AnnotationKey} from {lockedObject}"));
    }
}
