namespace OpsModule.Core.Errors;

/// <summary>
/// The error categories OpsModule reports. Every name matches a member of PowerShell's
/// System.Management.Automation.ErrorCategory exactly (a test checks it), so the cmdlet layer can map them one to one
/// while Core stays free of PowerShell types.
/// </summary>
public enum OpsErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    NotImplemented,
    NotInstalled,
    ObjectNotFound,
    OperationStopped,
    OperationTimeout,
    PermissionDenied,
    ResourceBusy,
    ResourceExists,
    ResourceUnavailable,
    ReadError,
    WriteError,
    SecurityError,
    ProtocolError,
    ConnectionError,
    AuthenticationError,
    LimitsExceeded,
    QuotaExceeded,
}
