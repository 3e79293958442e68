namespace OpsModule.Tests.Surface;

/// <summary>A pipe DESIGN.md promises ("Pipes that must work"), with the upstream switches it is written with.</summary>
/// <param name="Downstream">A cmdlet name, or null when the downstream is PowerShell's Where-Object filtering on <paramref name="FilterProperty"/>.</param>
internal sealed record DocumentedPipe(
    string Text,
    string Upstream,
    IReadOnlyList<string> UpstreamParameters,
    string? Downstream,
    string? FilterProperty = null,
    string? FilterValue = null)
{
    public static readonly IReadOnlyList<DocumentedPipe> All =
    [
        new("Invoke-OpsBackup | Restore-OpsDatabase", "Invoke-OpsBackup", [], "Restore-OpsDatabase"),
        new("Invoke-OpsBackup | Test-DisasterRecovery", "Invoke-OpsBackup", [], "Test-DisasterRecovery"),
        new("Get-OpsBackup -Latest | Restore-OpsDatabase", "Get-OpsBackup", ["Latest"], "Restore-OpsDatabase"),
        new("Get-OpsHealth | Where-Object Status -ne Healthy", "Get-OpsHealth", [], null, "Status", "Healthy"),
    ];

    public IEnumerable<string> Cmdlets => Downstream is null ? [Upstream] : [Upstream, Downstream];

    public override string ToString() => Text;
}
