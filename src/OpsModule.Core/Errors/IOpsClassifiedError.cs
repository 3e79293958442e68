namespace OpsModule.Core.Errors;

/// <summary>
/// Implemented by Core exceptions that know their own stable error id and category (a failed checksum, an RPO breach,
/// a missing exec plugin …). <see cref="OpsErrorClassifier"/> uses them as they are.
/// </summary>
public interface IOpsClassifiedError
{
    /// <summary>Stable id, following the scheme documented on <see cref="OpsErrorIds"/>.</summary>
    string ErrorId { get; }

    OpsErrorCategory Category { get; }

    /// <summary>What the operator should do next; never contains a secret.</summary>
    string? RecommendedAction { get; }

    /// <summary>The object the failure is about (a backup id, "namespace/name", a path), or null.</summary>
    object? TargetObject { get; }
}
