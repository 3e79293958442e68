namespace OpsModule.Core.Restore;

public enum DatabaseRestoreStage
{
    ScalingDown,
    Restoring,
    Swapping,
    Verifying,
    ScalingUp,
    Completed,
}
