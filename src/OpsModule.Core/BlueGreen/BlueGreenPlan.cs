namespace OpsModule.Core.BlueGreen;

/// <summary>What a switch would do (-WhatIf): the resolved target and the steps, none of them carried out.</summary>
public sealed class BlueGreenPlan
{
    public required string Namespace { get; init; }

    public required string Service { get; init; }

    public required string SelectorKey { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string ActiveDeployment { get; init; }

    public required string IdleDeployment { get; init; }

    public required int Replicas { get; init; }

    public string? Image { get; init; }

    public required IReadOnlyList<OpsBlueGreenStep> Steps { get; init; }
}
