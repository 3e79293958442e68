namespace OpsModule.Core.Storage;

/// <summary>A folder of a store and the files directly in it.</summary>
public sealed record BackupStoreFolder(string Path, IReadOnlyList<BackupStoreFile> Files)
{
    public BackupStoreFile? Find(string name) => Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
