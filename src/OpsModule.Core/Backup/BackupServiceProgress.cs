using OpsModule.Core.Backup.Database;

namespace OpsModule.Core.Backup;

/// <summary>A progress report of <see cref="BackupService"/>.</summary>
/// <param name="Activity">"Selecting pod", "Database backup", "Config backup" or "Retention".</param>
/// <param name="Message">What happens, for the status line / verbose stream.</param>
/// <param name="Dump">Bytes and rate while a database is dumped; null otherwise.</param>
public sealed record BackupServiceProgress(string Activity, string Message, DatabaseBackupProgress? Dump = null);
