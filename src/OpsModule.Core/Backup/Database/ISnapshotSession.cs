using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// Row counts for a Custom (-Fc) dump, whose rows cannot be counted as the compressed archive streams past. A
/// REPEATABLE READ transaction exports its snapshot (<c>pg_export_snapshot()</c>), counts every table in it, and stays open
/// while pg_dump runs with <c>--snapshot=&lt;id&gt;</c>: pg_dump then sees exactly the data that was counted.
/// Disposing ends the transaction.
/// </summary>
internal interface ISnapshotSession : IAsyncDisposable
{
    string SnapshotId { get; }

    string? ServerVersion { get; }

    IReadOnlyList<BackupTableRowCount> Tables { get; }
}
