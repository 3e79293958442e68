using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>A complete database backup: its manifest (already written) and where it lives.</summary>
/// <param name="Manifest">The manifest as written to manifest.json.</param>
/// <param name="FolderPath">The backup folder inside the store.</param>
/// <param name="Location">The folder as a user reads it (a local path or s3://bucket/key).</param>
public sealed record DatabaseBackupResult(BackupManifest Manifest, string FolderPath, string Location)
{
    /// <summary>The dump file's entry (size, SHA-256).</summary>
    public BackupFileEntry DumpFile => Manifest.Files[0];

    public string DumpPath => StorePath.Join(FolderPath, DumpFile.Name);
}
