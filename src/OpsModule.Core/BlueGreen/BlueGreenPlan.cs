namespace OpsModule.Core.BlueGreen;

/// <summary>What a switch would do (-WhatIf): the resolved target and the steps, none of them carried out.</summary>
public sealed class BlueGreenPlan
{
    public required string Namespace { get; init; }

    public required string Service { get; init; }

    /// <summary>Selector mode: the key that carries the colour; null in weight mode.</summary>
    public string? SelectorKey { get; init; }

    /// <summary>Weight mode: the VirtualService whose weights move; null in selector mode.</summary>
    public string? VirtualService { get; init; }

    /// <summary>Weight mode: percent to the new colour, step by step.</summary>
    public IReadOnlyList<int> TrafficSteps { get; init; } = [];

    public required string From { get; init; }

    public required string To { get; init; }

    public required string ActiveDeployment { get; init; }

    public required string IdleDeployment { get; init; }

    public required int Replicas { get; init; }

    public string? Image { get; init; }

    public required IReadOnlyList<OpsBlueGreenStep> Steps { get; init; }

    /// <summary>The plan as an operator reads it (what -WhatIf prints): one numbered line per step.</summary>
    public string Describe() =>
        (VirtualService is null
            ? $"Switch service {Namespace}/{Service} ({SelectorKey})"
            : $"Shift virtualservice {Namespace}/{VirtualService} in steps of {string.Join(", ", TrafficSteps)} %") +
        $" from {From} ({ActiveDeployment}) to {To} ({IdleDeployment}, {Replicas} replicas" +
        (Image is null ? ")" : $", image {Image})") + ":" + Environment.NewLine +
        string.Join(Environment.NewLine, Steps.Select((step, i) => $"  {i + 1}. {step.Name}: {step.Message}"));

    internal static IReadOnlyList<OpsBlueGreenStep> Planned(IEnumerable<(string Name, string Description)> steps) =>
        steps.Select(s => new OpsBlueGreenStep(s.Name, BlueGreenStepStatus.Planned, TimeSpan.Zero, s.Description)).ToList();
}
