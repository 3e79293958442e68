using System.Management.Automation;
using OpsModule.Core.Errors;

namespace OpsModule;

/// <summary>
/// The one mapper from exceptions to ErrorRecords: the Core classifier decides id, category and advice; this class only
/// translates them into PowerShell's types.
/// </summary>
internal static class OpsErrorRecords
{
    public static bool IsStop(Exception exception, CancellationToken stopToken)
        => OpsErrorClassifier.Classify(exception, stopToken).IsStop;

    /// <param name="targetObject">What failed; when null, the target the exception itself knows (e.g. the API server) is used.</param>
    /// <param name="fallbackTarget">The target when neither the caller nor the exception names one (what the cmdlet works on).</param>
    public static ErrorRecord Create(Exception exception, object? targetObject, CancellationToken stopToken, object? fallbackTarget = null)
    {
        var info = OpsErrorClassifier.Classify(exception, stopToken);
        var record = new ErrorRecord(exception, info.ErrorId, ToErrorCategory(info.Category), targetObject ?? info.TargetObject ?? fallbackTarget);
        if (info.RecommendedAction is not null || !string.Equals(info.Message, exception.Message, StringComparison.Ordinal))
        {
            record.ErrorDetails = new ErrorDetails(info.Message) { RecommendedAction = info.RecommendedAction };
        }

        return record;
    }

    public static ErrorCategory ToErrorCategory(OpsErrorCategory category) => category switch
    {
        OpsErrorCategory.NotSpecified => ErrorCategory.NotSpecified,
        OpsErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        OpsErrorCategory.InvalidData => ErrorCategory.InvalidData,
        OpsErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        OpsErrorCategory.InvalidResult => ErrorCategory.InvalidResult,
        OpsErrorCategory.NotImplemented => ErrorCategory.NotImplemented,
        OpsErrorCategory.NotInstalled => ErrorCategory.NotInstalled,
        OpsErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        OpsErrorCategory.OperationStopped => ErrorCategory.OperationStopped,
        OpsErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        OpsErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        OpsErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        OpsErrorCategory.ResourceExists => ErrorCategory.ResourceExists,
        OpsErrorCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        OpsErrorCategory.ReadError => ErrorCategory.ReadError,
        OpsErrorCategory.WriteError => ErrorCategory.WriteError,
        OpsErrorCategory.SecurityError => ErrorCategory.SecurityError,
        OpsErrorCategory.ProtocolError => ErrorCategory.ProtocolError,
        OpsErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        OpsErrorCategory.AuthenticationError => ErrorCategory.AuthenticationError,
        OpsErrorCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
        OpsErrorCategory.QuotaExceeded => ErrorCategory.QuotaExceeded,
        _ => ErrorCategory.NotSpecified,
    };
}
