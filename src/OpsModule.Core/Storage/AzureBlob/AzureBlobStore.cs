using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>
/// Backups in an Azure Blob Storage container under a prefix (<c>azblob://account/container/prefix</c>), on Azure or Azurite.
/// Files are streamed as staged blocks, visible only when the block list is committed.
/// </summary>
public sealed class AzureBlobStore : IBackupStore
{
    private const int DeleteParallelism = 8;
    private const string AccessProbePrefix = ".opsmodule-access-check/";

    public AzureBlobStore(string location, AzureBlobStoreOptions? options = null)
        : this(BackupStoreLocation.Parse(location, options?.ServiceUrl), options)
    {
    }

    public AzureBlobStore(BackupStoreLocation location, AzureBlobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind != AzureBlobStoreProvider.KindName)
        {
            throw new ArgumentException($"'{location}' is not an Azure Blob location; open it with BackupStoreFactory.", nameof(location));
        }

        Options = options ?? new AzureBlobStoreOptions();
        AzureBlockSizing.Validate(Options.BlockSize);
        Location = location with { Endpoint = Options.ServiceUrl ?? location.Endpoint, Region = null };
        Container = AzureBlobClientFactory.CreateContainerClient(location, Options);
    }

    public BackupStoreLocation Location { get; }

    public AzureBlobStoreOptions Options { get; }

    internal BlobContainerClient Container { get; }

    public async Task CheckAccessAsync(CancellationToken cancellationToken = default)
    {
        // Lists a prefix that holds nothing: the same container and read permission check as listing the store, with one short answer.
        await CallAsync("list", string.Empty, async () =>
        {
            await foreach (var _ in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: FolderPrefix(string.Empty) + AccessProbePrefix, cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        });
    }

    public Task<BackupWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        var blob = Container.GetBlockBlobClient(BlobName(relative));
        return Task.FromResult<BackupWriteStream>(new AzureBlobWriteStream(this, relative, blob, Options.BlockSize));
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        var download = await CallAsync("read", relative, async () =>
            (await Container.GetBlobClient(BlobName(relative)).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value);
        return new StoreReadStream(download.Content, download.Details.ContentLength, Location.Describe(relative), "Azure Blob Storage", download);
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        try
        {
            var content = await Container.GetBlobClient(BlobName(relative)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw AzureBlobErrorTranslator.Translate(e, Location, relative, "read");
        }
    }

    public async Task WriteTextAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var relative = StorePath.CheckFile(path);
        await CallAsync("write", relative, () => Container.GetBlobClient(BlobName(relative)).UploadAsync(
            BinaryData.FromString(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.For(relative) } },
            cancellationToken));
    }

    public async IAsyncEnumerable<BackupStoreFile> ListFilesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(prefix);
        var storePrefix = FolderPrefix(string.Empty);
        var pages = Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: FolderPrefix(relative), cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        await using var _ = pages;
        while (await CallAsync("list", relative, async () => await pages.MoveNextAsync()))
        {
            foreach (var item in pages.Current.Values)
            {
                if (!item.Name.EndsWith('/'))
                {
                    yield return new BackupStoreFile(item.Name[storePrefix.Length..], item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.MinValue);
                }
            }
        }
    }

    public async Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(folder);
        if (relative.Length == 0)
        {
            throw new ArgumentException("Refusing to delete the whole backup store; name a backup folder.", nameof(folder));
        }

        var names = new List<string>();
        await foreach (var file in ListFilesAsync(relative, cancellationToken))
        {
            names.Add(BlobName(file.Path));
        }

        var deleted = 0;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken }, async (name, token) =>
        {
            var response = await CallAsync("delete", relative, () => Container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: token));
            if (response.Value)
            {
                Interlocked.Increment(ref deleted);
            }
        });
        return deleted;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal async Task<T> CallAsync<T>(string operation, string path, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var translated = AzureBlobErrorTranslator.Translate(e, Location, path, operation);
            if (ReferenceEquals(translated, e))
            {
                throw;
            }

            throw translated;
        }
    }

    internal string BlobName(string relativePath) => StorePath.Join(Location.Prefix, relativePath);

    /// <summary>The name prefix of a folder ("a/b/"), or of the whole store.</summary>
    private string FolderPrefix(string relativeFolder)
    {
        var name = StorePath.Join(Location.Prefix, relativeFolder);
        return name.Length == 0 ? string.Empty : name + "/";
    }
}
