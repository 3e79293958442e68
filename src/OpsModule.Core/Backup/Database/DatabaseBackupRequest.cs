using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>One database to back up into a store.</summary>
public sealed record DatabaseBackupRequest(DatabaseBackupSource Source)
{
    public BackupFormat Format { get; init; } = BackupFormat.Plain;

    /// <summary>
    /// 0-9 as for gzip. Plain: the gzip stream's level (.NET offers zlib levels 0, 1, 6 and 9: 1-3 → 1, 4-6 → 6, 7-9 → 9;
    /// the manifest records the level used). Custom: passed to <c>pg_dump -Z</c>.
    /// </summary>
    public int CompressionLevel { get; init; } = 6;

    /// <summary>Backup id; null makes a new one (<see cref="BackupLayout.NewId"/>).</summary>
    public string? Id { get; init; }

    /// <summary>Files stored next to the dump under the same manifest (a Full backup); null for a Database backup.</summary>
    public IDumpCompanion? Companion { get; init; }

    /// <summary>Recorded as the manifest's moduleVersion; null uses this assembly's version.</summary>
    public string? ModuleVersion { get; init; }
}
