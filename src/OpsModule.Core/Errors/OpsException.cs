namespace OpsModule.Core.Errors;

/// <summary>
/// A Core failure with a stable error id and category, for failure paths that no framework exception describes
/// (e.g. "Ops.Backup.ChecksumMismatch"). The message must say what went wrong and must not contain secrets.
/// </summary>
public sealed class OpsException : Exception, IOpsClassifiedError
{
    public OpsException(
        string errorId,
        OpsErrorCategory category,
        string message,
        string? recommendedAction = null,
        object? targetObject = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorId);
        ErrorId = errorId;
        Category = category;
        RecommendedAction = recommendedAction;
        TargetObject = targetObject;
    }

    public string ErrorId { get; }

    public OpsErrorCategory Category { get; }

    public string? RecommendedAction { get; }

    public object? TargetObject { get; }
}
