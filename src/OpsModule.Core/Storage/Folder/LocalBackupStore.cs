using System.Runtime.CompilerServices;
using System.Text;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.Folder;

/// <summary>
/// Backups in a local folder or on a UNC/SMB share (the embedded default). Files are written as <c>&lt;name&gt;.partial</c>
/// and renamed when complete; folders are created on demand.
/// </summary>
public sealed class LocalBackupStore : IBackupStore
{
    private const string ProbeFileName = ".opsmodule-write-test";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public LocalBackupStore(string rootPath)
        : this(BackupStoreLocation.Parse(rootPath))
    {
    }

    public LocalBackupStore(BackupStoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsFolder)
        {
            throw new ArgumentException($"'{location}' is not a folder; open it with BackupStoreFactory.", nameof(location));
        }

        Location = location;
        RootPath = location.Root;
    }

    public BackupStoreLocation Location { get; }

    /// <summary>The absolute root folder.</summary>
    public string RootPath { get; }

    public Task CheckAccessAsync(CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(RootPath, ProbeFileName);
        try
        {
            Directory.CreateDirectory(RootPath);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, string.Empty, writing: true);
        }

        return Task.CompletedTask;
    }

    public Task<BackupWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        try
        {
            return Task.FromResult<BackupWriteStream>(LocalBackupWriteStream.Open(this, relative, FullPath(relative)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, relative, writing: true);
        }
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        try
        {
            return Task.FromResult<Stream>(new FileStream(
                FullPath(relative), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, relative);
        }
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        var full = FullPath(relative);
        try
        {
            return await File.ReadAllTextAsync(full, Utf8, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, relative);
        }
    }

    public async Task WriteTextAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await OpenWriteAsync(path, cancellationToken);
        await stream.WriteAsync(Utf8.GetBytes(content), cancellationToken);
        await stream.CompleteAsync(cancellationToken);
    }

    public async IAsyncEnumerable<BackupStoreFile> ListFilesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(prefix);
        var folder = relative.Length == 0 ? RootPath : FullPath(relative);
        if (!Directory.Exists(folder))
        {
            // An empty store lists nothing; a store folder that does not exist at all is most likely a typo in -Store.
            if (relative.Length == 0)
            {
                throw new OpsException(StorageErrorIds.StoreNotFound, OpsErrorCategory.ObjectNotFound,
                    $"The backup store folder '{RootPath}' does not exist.",
                    "Check -Store for a typo. Invoke-OpsBackup creates the folder with its first backup.", RootPath);
            }

            yield break;
        }

        IEnumerable<FileInfo> files;
        try
        {
            files = new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, relative);
        }

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetRelativePath(RootPath, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            yield return new BackupStoreFile(path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }

        await Task.CompletedTask;
    }

    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(folder);
        if (relative.Length == 0)
        {
            throw new ArgumentException("Refusing to delete the whole backup store; name a backup folder.", nameof(folder));
        }

        var full = FullPath(relative);
        if (!Directory.Exists(full))
        {
            return Task.FromResult(0);
        }

        try
        {
            var count = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Count();
            Directory.Delete(full, recursive: true);
            RemoveEmptyFolders(Path.GetDirectoryName(full)!);
            return Task.FromResult(count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, relative);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Removes now-empty folders from <paramref name="folder"/> up to (not including) the root.</summary>
    internal void RemoveEmptyFolders(string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(RootPath);
        var current = Path.TrimEndingDirectorySeparator(folder);
        while (current.Length > root.Length && current.StartsWith(root, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(current).Any())
                {
                    return;
                }

                Directory.Delete(current);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            current = Path.GetDirectoryName(current)!;
        }
    }

    internal async ValueTask Guard(Func<ValueTask> action, string path)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path, writing: true);
        }
    }

    /// <param name="e">The failure.</param>
    /// <param name="path">The file or folder inside the store.</param>
    /// <param name="writing">
    /// Writes create their folders, so "not found" there means a path part is a file or the share is gone: not writable.
    /// </param>
    internal Exception Translate(Exception e, string path, bool writing = false)
    {
        var where = Location.Describe(path);
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException when writing => new OpsException(
                e is UnauthorizedAccessException ? StorageErrorIds.AccessDenied : StorageErrorIds.NotWritable,
                e is UnauthorizedAccessException ? OpsErrorCategory.PermissionDenied : OpsErrorCategory.WriteError,
                $"Cannot write to the backup location '{where}': {e.Message}",
                "Check that the path is a folder (not a file), the disk or share is available, and the account running the command can write to it.",
                where, e),
            FileNotFoundException or DirectoryNotFoundException when path.Length > 0 && !Directory.Exists(RootPath) => new OpsException(
                StorageErrorIds.NotFound, OpsErrorCategory.ObjectNotFound,
                $"The backup folder '{RootPath}' does not exist.",
                "Check the path passed as the backup location (and that the share is reachable).", where, e),
            FileNotFoundException or DirectoryNotFoundException => new OpsException(
                StorageErrorIds.NotFound, OpsErrorCategory.ObjectNotFound,
                $"'{where}' does not exist in the backup store.",
                "List the backups with Get-OpsBackup and pick an existing one.", where, e),
            UnauthorizedAccessException => new OpsException(
                StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied,
                $"Access to '{where}' was denied.",
                "Grant the account running the command read and write permission on the backup folder, or choose another location.", where, e),
            _ => new OpsException(
                StorageErrorIds.NotWritable, OpsErrorCategory.WriteError,
                $"The backup folder '{where}' cannot be used: {e.Message}",
                "Check that the path is a folder (not a file), the disk or share is available and has free space, and the account can write to it.",
                where, e),
        };
    }

    private string FullPath(string relative) => Path.Combine(RootPath, relative.Replace('/', Path.DirectorySeparatorChar));
}
