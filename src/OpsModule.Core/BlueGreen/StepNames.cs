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

    /// <summary>How many steps a successful run records (the progress total).</summary>
    public static int Count(BlueGreenOptions options) =>
        10 + (options.Image is null ? 0 : 1) + (options.KeepPrevious || options.ScaleDownDelay <= TimeSpan.Zero ? 0 : 1);

    public static IReadOnlyList<(string Name, string Description)> Describe(BlueGreenOptions options, BlueGreenTarget target)
    {
        var service = target.Service.Name;
        var steps = new List<(string, string)>
        {
            (AcquireLock, $"annotate Service {service} with {ServiceSwitchLock.AnnotationKey}"),
            (ReadActiveColor, $"{service} selects {target.SelectorKey}={target.From} ({target.Active.Name})"),
        };
        if (options.Image is { } image)
        {
            steps.Add((SetImage, $"set image {image} on {target.Idle.Name}{(options.Container is null ? "" : "/" + options.Container)}"));
        }

        steps.Add((ScaleIdle, $"scale {target.Idle.Name} from {target.Idle.Spec.Replicas ?? 1} to {target.Replicas}"));
        steps.Add((WaitRollout, $"wait up to {options.Timeout.TotalSeconds:0.#} s for {target.Idle.Name} to be rolled out"));
        steps.Add((PreSwitchGate, $"every new pod answers {options.HealthPath} {options.HealthyChecks} time(s) in a row"));
        steps.Add((PatchSelector, $"patch {service} selector {target.SelectorKey}: {target.From} -> {target.To}"));
        steps.Add((WaitEndpoints, $"wait until the endpoints of {service} are the new pods"));
        steps.Add((PostSwitchGate, $"{service} answers {options.HealthPath} for {options.VerifyDuration.TotalSeconds:0.#} s"));
        if (options.KeepPrevious)
        {
            steps.Add((ScaleDownPrevious, $"keep {target.Active.Name} running (-KeepPrevious)"));
        }
        else
        {
            if (options.ScaleDownDelay > TimeSpan.Zero)
            {
                steps.Add((ScaleDownDelay, $"wait {options.ScaleDownDelay.TotalSeconds:0.#} s"));
            }

            steps.Add((ScaleDownPrevious, $"scale {target.Active.Name} to 0"));
        }

        steps.Add((ReleaseLock, $"remove {ServiceSwitchLock.AnnotationKey} from {service}"));
        return steps;
    }
}
