namespace OpsModule.Core.Storage;

/// <summary>What <see cref="BackupWriteStream.CompleteAsync"/> stored.</summary>
/// <param name="Path">Path inside the store.</param>
/// <param name="Size">Bytes stored.</param>
/// <param name="Sha256">SHA-256 of the stored bytes, lowercase hex.</param>
public sealed record StoredFile(string Path, long Size, string Sha256)
{
    public string Name => StorePath.FileName(Path);
}
