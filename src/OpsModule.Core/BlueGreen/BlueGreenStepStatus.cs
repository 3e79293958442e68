namespace OpsModule.Core.BlueGreen;

public enum BlueGreenStepStatus
{
    /// <summary>Listed by a plan (-WhatIf); nothing was done.</summary>
    Planned,

    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
