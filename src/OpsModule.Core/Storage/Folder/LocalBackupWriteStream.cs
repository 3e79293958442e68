
namespace OpsModule.Core.Storage.Folder;

/// <summary>Writes to <c>&lt;name&gt;.partial</c> next to the target and renames it on completion.</summary>
internal sealed class LocalBackupWriteStream : BackupWriteStream
{
    private readonly LocalBackupStore _store;
    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly FileStream _file;

    private LocalBackupWriteStream(LocalBackupStore store, string path, string finalPath, string partialPath, FileStream file)
        : base(path)
    {
        _store = store;
        _finalPath = finalPath;
        _partialPath = partialPath;
        _file = file;
    }

    public const string PartialSuffix = ".partial";

    public static LocalBackupWriteStream Open(LocalBackupStore store, string path, string finalPath)
    {
        var partialPath = finalPath + PartialSuffix;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(finalPath)!);
        var file = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        return new LocalBackupWriteStream(store, path, finalPath, partialPath, file);
    }

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        _store.Guard(() => _file.WriteAsync(buffer, cancellationToken), Path);

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _file.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw _store.Translate(e, Path);
        }
    }

    protected override async Task CompleteCoreAsync(CancellationToken cancellationToken)
    {
        await _store.Guard(async () =>
        {
            await _file.FlushAsync(cancellationToken);
            // A backup must survive a power cut once it is reported complete.
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            File.Move(_partialPath, _finalPath, overwrite: true);
        }, Path);
    }

    protected override async Task AbortCoreAsync(CancellationToken cancellationToken)
    {
        await CloseQuietlyAsync();
        try
        {
            File.Delete(_partialPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The partial file keeps its .partial name, so it never passes for a finished file.
        }

        _store.RemoveEmptyFolders(System.IO.Path.GetDirectoryName(_partialPath)!);
    }

    protected override async ValueTask ReleaseAsync() => await CloseQuietlyAsync();

    /// <summary>
    /// Closes the file without flushing errors: on a full disk (or a dropped share) closing tries to write the buffered
    /// bytes and fails again, and that must not keep the abort from deleting the partial file.
    /// </summary>
    private async ValueTask CloseQuietlyAsync()
    {
        try
        {
            await _file.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The handle is closed either way; the buffered bytes belonged to a file that is being thrown away.
        }
    }
}
