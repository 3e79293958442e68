using Amazon.S3;
using Amazon.S3.Model;

namespace OpsModule.Core.Storage.S3;

/// <summary>
/// Streams into one S3 object as a multipart upload (started with the first full part, completed at the end). A stream that
/// ends before the first part fills is stored with a single PUT. Abort: AbortMultipartUpload, and a delete if a completion may
/// have landed.
/// </summary>
internal sealed class S3BackupWriteStream : ChunkedWriteStream
{
    private readonly S3BackupStore _store;
    private readonly string _key;
    private readonly int _basePartSize;
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private bool _completionSent;

    public S3BackupWriteStream(S3BackupStore store, string path, string key, int basePartSize)
        : base(path)
    {
        _store = store;
        _key = key;
        _basePartSize = S3PartSizing.Validate(basePartSize);
    }

    /// <summary>Part numbers and sizes uploaded so far (for tests of the part logic).</summary>
    internal List<(int Number, int Size)> UploadedParts => UploadedChunks;

    /// <summary>The failure of the last abort's cleanup request, if it failed (the object never became visible either way).</summary>
    internal Exception? AbortFailure { get; private set; }

    internal string? UploadId => _uploadId;

    protected override int MaxChunks => S3PartSizing.MaxParts;

    protected override string Where => _store.Location.Describe(Path);

    private IAmazonS3 Client => _store.Client;

    protected override int ChunkSize(int number) => S3PartSizing.PartSize(number, _basePartSize);

    protected override async Task StartChunkedAsync(CancellationToken cancellationToken) =>
        _uploadId = (await _store.CallAsync("start a multipart upload to", Path, () => Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _store.Location.Container,
            Key = _key,
            ContentType = ContentTypes.For(_key),
        }, cancellationToken))).UploadId;

    protected override async Task UploadChunkAsync(int number, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        using var content = ChunkContent.AsStream(chunk);
        var response = await _store.CallAsync($"upload part {number} of", Path, () => Client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _store.Location.Container,
            Key = _key,
            UploadId = _uploadId,
            PartNumber = number,
            PartSize = chunk.Length,
            InputStream = content,
            UseChunkEncoding = false,
        }, cancellationToken));
        _parts.Add(new PartETag(number, response.ETag));
    }

    protected override async Task CommitChunksAsync(CancellationToken cancellationToken)
    {
        _completionSent = true;
        await _store.CallAsync("complete the upload of", Path, () => Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _store.Location.Container,
            Key = _key,
            UploadId = _uploadId,
            PartETags = _parts.OrderBy(p => p.PartNumber).ToList(),
        }, cancellationToken));
    }

    protected override async Task UploadWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var body = ChunkContent.AsStream(content);
        _completionSent = true;
        await _store.CallAsync("upload", Path, () => Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _store.Location.Container,
            Key = _key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = ContentTypes.For(_key),
            UseChunkEncoding = false,
        }, cancellationToken));
    }

    protected override async Task DiscardAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_uploadId is not null)
            {
                await Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = _store.Location.Container,
                    Key = _key,
                    UploadId = _uploadId,
                }, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: the object never became visible; a bucket lifecycle rule (AbortIncompleteMultipartUpload) sweeps leftovers.
            AbortFailure = e;
        }

        if (_completionSent)
        {
            try
            {
                await Client.DeleteObjectAsync(_store.Location.Container, _key, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                AbortFailure ??= e;
            }
        }
    }
}
