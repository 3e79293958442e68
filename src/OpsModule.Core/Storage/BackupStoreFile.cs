namespace OpsModule.Core.Storage;

/// <summary>A file (S3 object) found in a store by a listing.</summary>
/// <param name="Path">Path inside the store, '/'-separated, relative to the store's root or prefix.</param>
/// <param name="Size">Bytes.</param>
/// <param name="LastModified">When it was last written, as the store reports it.</param>
public sealed record BackupStoreFile(string Path, long Size, DateTimeOffset LastModified)
{
    /// <summary>The last path segment.</summary>
    public string Name => StorePath.FileName(Path);

    /// <summary>The folder holding the file ("" at the store root).</summary>
    public string Folder => StorePath.Parent(Path);
}
