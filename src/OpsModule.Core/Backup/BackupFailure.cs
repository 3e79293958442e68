namespace OpsModule.Core.Backup;

/// <summary>One part of a run that failed (a database, the config, or a retention pass); a failed backup leaves nothing that lists as a backup.</summary>
/// <param name="Target">What failed: "database users", "config of namespace ceoagent", or "retention of prod/ceoagent/users" (the backup itself succeeded).</param>
/// <param name="Database">The database, or null for the config backup.</param>
/// <param name="Error">The failure (an OpsException with an error id for every expected failure).</param>
public sealed record BackupFailure(string Target, string? Database, Exception Error);
