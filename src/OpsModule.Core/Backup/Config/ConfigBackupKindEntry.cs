namespace OpsModule.Core.Backup.Config;

/// <summary>One kind in <c>config-backup.json</c>.</summary>
/// <param name="ApiVersion">e.g. "apps/v1".</param>
/// <param name="Kind">e.g. "Deployment".</param>
/// <param name="Plural">e.g. "deployments".</param>
/// <param name="File">The YAML file in the backup folder; null when the namespace had none of this kind.</param>
/// <param name="Names">The saved objects, in file order.</param>
public sealed record ConfigBackupKindEntry(string ApiVersion, string Kind, string Plural, string? File, IReadOnlyList<string> Names);
