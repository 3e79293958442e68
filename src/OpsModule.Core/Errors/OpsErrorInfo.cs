namespace OpsModule.Core.Errors;

/// <summary>The classification of one failure: everything the cmdlet layer needs to build an ErrorRecord.</summary>
/// <param name="ErrorId">Stable id (see <see cref="OpsErrorIds"/>).</param>
/// <param name="Category">Maps one to one onto PowerShell's ErrorCategory.</param>
/// <param name="Message">What went wrong (the exception's message; never contains secrets).</param>
/// <param name="RecommendedAction">What to do about it, or null.</param>
/// <param name="TargetObject">What the failure is about when the exception knows it, or null.</param>
public sealed record OpsErrorInfo(
    string ErrorId,
    OpsErrorCategory Category,
    string Message,
    string? RecommendedAction = null,
    object? TargetObject = null)
{
    /// <summary>The user stopped the command (Ctrl+C / StopProcessing): not an error, the pipeline just stops.</summary>
    public bool IsStop => ErrorId == OpsErrorIds.Stopped;
}
