using OpsModule.Core.Backup.Database;

namespace OpsModule.Benchmarks.Backup;

/// <summary>Keeps the latest progress report synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class LastBackupProgress : IProgress<DatabaseBackupProgress>
{
    public DatabaseBackupProgress? Last { get; private set; }

    public void Report(DatabaseBackupProgress value) => Last = value;
}
