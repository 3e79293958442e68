namespace OpsModule.Core.BlueGreen;

/// <summary>Reported when a step starts (Status Running) and when it ends; <see cref="Index"/> is 1-based out of <see cref="Total"/> planned steps.</summary>
public sealed record BlueGreenProgress(int Index, int Total, string Step, BlueGreenStepStatus Status, string? Message);
