using OpsModule.Core.Storage;

namespace OpsModule.Tests.Backup.Config;

/// <summary>A local store whose write of one file fails mid-stream (a full disk, a dropped share).</summary>
internal sealed class FailingBackupStore(IBackupStore inner, string failingFileName) : IBackupStore
{
    public bool FailingWriteAborted { get; private set; }

    public BackupStoreLocation Location => inner.Location;

    public Task CheckAccessAsync(CancellationToken cancellationToken = default) => inner.CheckAccessAsync(cancellationToken);

    public async Task<BackupWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default) =>
        path.EndsWith("/" + failingFileName, StringComparison.Ordinal)
            ? new FailingWriteStream(path, () => FailingWriteAborted = true)
            : await inner.OpenWriteAsync(path, cancellationToken);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);

    public Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken = default) => inner.ReadTextAsync(path, cancellationToken);

    public Task WriteTextAsync(string path, string content, CancellationToken cancellationToken = default) => inner.WriteTextAsync(path, content, cancellationToken);

    public IAsyncEnumerable<BackupStoreFile> ListFilesAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListFilesAsync(prefix, cancellationToken);

    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default) => inner.DeleteFolderAsync(folder, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FailingWriteStream(string path, Action onAbort) : BackupWriteStream(path)
    {
        protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
            throw new IOException("There is not enough space on the disk.");

        protected override Task CompleteCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        protected override Task AbortCoreAsync(CancellationToken cancellationToken)
        {
            onAbort();
            return Task.CompletedTask;
        }
    }
}
