namespace OpsModule.Core.Health;

/// <summary>Shorthands the checks use to build results with consistent wording.</summary>
internal static class HealthFinding
{
    public static OpsHealthResult Healthy(HealthCheck check, string code, string? ns, string kind, string name, string message, string? observed = null) => new()
    {
        Code = code,
        Status = HealthStatus.Healthy,
        Check = check,
        Namespace = ns,
        Kind = kind,
        Name = name,
        Message = message,
        Observed = observed,
    };

    public static OpsHealthResult Problem(
        HealthStatus status, HealthCheck check, string code, string? ns, string kind, string name, string message, string remediation,
        string? observed = null, string? threshold = null) => new()
    {
        Code = code,
        Status = status,
        Check = check,
        Namespace = ns,
        Kind = kind,
        Name = name,
        Message = message,
        Remediation = remediation,
        Observed = observed,
        Threshold = threshold,
    };
}
