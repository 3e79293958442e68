using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>
/// Streams into one block blob: each full block is staged while the next fills, and the block list is committed at the end,
/// which is when the blob appears. A stream that ends before the first block fills is one upload. Abort: staged blocks are
/// never committed (the service discards them after a week), and a blob whose commit may have landed is deleted.
/// </summary>
internal sealed class AzureBlobWriteStream : ChunkedWriteStream
{
    private readonly AzureBlobStore _store;
    private readonly BlockBlobClient _blob;
    private readonly int _blockSize;
    private readonly List<string> _blockIds = [];
    private bool _commitSent;

    public AzureBlobWriteStream(AzureBlobStore store, string path, BlockBlobClient blob, int blockSize)
        : base(path)
    {
        _store = store;
        _blob = blob;
        _blockSize = AzureBlockSizing.Validate(blockSize);
    }

    /// <summary>The failure of the abort's cleanup request, if it failed.</summary>
    internal Exception? AbortFailure { get; private set; }

    protected override int MaxChunks => AzureBlockSizing.MaxBlocks;

    protected override string Where => _store.Location.Describe(Path);

    private BlobHttpHeaders Headers => new() { ContentType = ContentTypes.For(Path) };

    protected override int ChunkSize(int number) => _blockSize;

    protected override async Task UploadChunkAsync(int number, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        var id = AzureBlockSizing.BlockId(number);
        using var content = ChunkContent.AsStream(chunk);
        await _store.CallAsync($"upload block {number} of", Path, () => _blob.StageBlockAsync(id, content, cancellationToken: cancellationToken));
        _blockIds.Add(id);
    }

    protected override async Task CommitChunksAsync(CancellationToken cancellationToken)
    {
        _commitSent = true;
        await _store.CallAsync("commit the blocks of", Path, () => _blob.CommitBlockListAsync(
            _blockIds, new CommitBlockListOptions { HttpHeaders = Headers }, cancellationToken));
    }

    protected override async Task UploadWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var body = ChunkContent.AsStream(content);
        _commitSent = true;
        await _store.CallAsync("upload", Path, () => _blob.UploadAsync(body, new BlobUploadOptions { HttpHeaders = Headers }, cancellationToken));
    }

    protected override async Task DiscardAsync(CancellationToken cancellationToken)
    {
        if (!_commitSent)
        {
            return;
        }

        try
        {
            await _blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AbortFailure = e;
        }
    }
}
