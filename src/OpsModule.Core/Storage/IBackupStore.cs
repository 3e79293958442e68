namespace OpsModule.Core.Storage;

/// <summary>
/// Where backups live: a local folder (<see cref="LocalBackupStore"/>) or an S3 bucket (<see cref="S3BackupStore"/>).
/// Paths are relative to the store's root (the folder, or the bucket plus prefix) and '/'-separated.
/// Failures surface as <see cref="Errors.OpsException"/> with a <see cref="StorageErrorIds"/> id and a message that says
/// what to do; messages never contain keys or passwords.
/// </summary>
public interface IBackupStore : IAsyncDisposable
{
    BackupStoreLocation Location { get; }

    /// <summary>
    /// Fails early, before a long dump starts, when the store cannot be used: a missing bucket, rejected credentials,
    /// a folder that cannot be created or written.
    /// </summary>
    Task CheckAccessAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a write-only stream for <paramref name="path"/>. Bytes are stored as they arrive (no temp copy of the whole
    /// file, no whole-object buffer). Nothing is visible under <paramref name="path"/> until
    /// <see cref="BackupWriteStream.CompleteAsync"/>; disposing without completing removes everything written.
    /// </summary>
    Task<BackupWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file for reading. A missing file throws an OpsException with id Ops.Storage.NotFound.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads a small UTF-8 text file (a manifest); null when it does not exist.</summary>
    Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes a small UTF-8 text file in one step: readers see the old content or the new one, never a part.</summary>
    Task WriteTextAsync(string path, string content, CancellationToken cancellationToken = default);

    /// <summary>Every file under <paramref name="prefix"/> (a folder path, "" for all), at any depth, in no particular order.</summary>
    IAsyncEnumerable<BackupStoreFile> ListFilesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the folder <paramref name="folder"/> and everything in it. Returns the number of files deleted (0 when absent).</summary>
    Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default);
}
