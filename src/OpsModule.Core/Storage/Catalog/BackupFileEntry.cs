
namespace OpsModule.Core.Storage.Catalog;

/// <summary>One file of a backup as the manifest records it.</summary>
/// <param name="Name">File name inside the backup folder (no folders).</param>
/// <param name="Size">Bytes as stored.</param>
/// <param name="Sha256">SHA-256 of the stored bytes, lowercase hex.</param>
public sealed record BackupFileEntry(string Name, long Size, string Sha256)
{
    public static BackupFileEntry From(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new BackupFileEntry(file.Name, file.Size, file.Sha256);
    }
}
