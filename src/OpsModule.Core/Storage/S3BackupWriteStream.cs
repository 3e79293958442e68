using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// Streams into one S3 object. Bytes fill a part buffer; a full part is uploaded (multipart upload, started with the
/// first full part) while the next part fills, so at most two parts are held in memory. A stream that ends before the
/// first part fills is stored with a single PUT. Abort: AbortMultipartUpload, and a delete if a completion may have landed.
/// </summary>
internal sealed class S3BackupWriteStream : BackupWriteStream
{
    /// <summary>
    /// Part buffers come from a pool of their own: the shared pool keeps a returned array in the returning thread's slot, and
    /// with parts sent from thread-pool threads every thread ended up holding an 8 MiB buffer. Here a few per size are kept.
    /// </summary>
    private static readonly ArrayPool<byte> PartBuffers = ArrayPool<byte>.Create(maxArrayLength: 1024 * 1024 * 1024, maxArraysPerBucket: 4);

    private readonly S3BackupStore _store;
    private readonly string _key;
    private readonly int _basePartSize;
    private readonly List<PartETag> _parts = [];
    private byte[]? _current;
    private int _filled;
    private int _capacity;
    private string? _uploadId;
    private int _nextPartNumber = 1;
    private Task? _inFlight;
    private byte[]? _inFlightBuffer;
    private long _bufferedBytes;
    private bool _completionSent;

    public S3BackupWriteStream(S3BackupStore store, string path, string key, int basePartSize)
        : base(path)
    {
        _store = store;
        _key = key;
        _basePartSize = S3PartSizing.Validate(basePartSize);
    }

    /// <summary>Part numbers and sizes uploaded so far (for tests of the part logic).</summary>
    internal List<(int PartNumber, int Size)> UploadedParts { get; } = [];

    /// <summary>The most part-buffer memory this stream held at once.</summary>
    internal long PeakBufferedBytes { get; private set; }

    /// <summary>The failure of the last abort's cleanup request, if it failed (the object never became visible either way).</summary>
    internal Exception? AbortFailure { get; private set; }

    internal string? UploadId => _uploadId;

    private IAmazonS3 Client => _store.Client;

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer.Span);
            buffer = buffer[taken..];
            if (_filled == _capacity)
            {
                await SendCurrentPartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer);
            buffer = buffer[taken..];
            if (_filled == _capacity)
            {
                SendCurrentPartAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    protected override async Task CompleteCoreAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            await PutSingleAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_filled > 0)
        {
            await SendCurrentPartAsync(cancellationToken).ConfigureAwait(false);
        }

        await WaitInFlightAsync().ConfigureAwait(false);
        _completionSent = true;
        await _store.CallAsync("complete the upload of", Path, () => Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _store.Location.Bucket,
            Key = _key,
            UploadId = _uploadId,
            PartETags = _parts.OrderBy(p => p.PartNumber).ToList(),
        }, cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task AbortCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitInFlightAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The part failed; the upload is aborted below either way.
        }

        try
        {
            if (_uploadId is not null)
            {
                await Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = _store.Location.Bucket,
                    Key = _key,
                    UploadId = _uploadId,
                }, cancellationToken).ConfigureAwait(false);
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
                await Client.DeleteObjectAsync(_store.Location.Bucket, _key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                AbortFailure ??= e;
            }
        }
    }

    protected override ValueTask ReleaseAsync()
    {
        Return(ref _current);
        if (_inFlight is null || _inFlight.IsCompleted)
        {
            Return(ref _inFlightBuffer);
        }

        return ValueTask.CompletedTask;
    }

    private int Fill(ReadOnlySpan<byte> data)
    {
        if (_current is null)
        {
            var size = S3PartSizing.PartSize(_nextPartNumber, _basePartSize);
            // Rent may hand out a larger array; a part is exactly the planned size.
            _current = PartBuffers.Rent(size);
            _capacity = size;
            _filled = 0;
            _bufferedBytes += _current.Length;
            PeakBufferedBytes = Math.Max(PeakBufferedBytes, _bufferedBytes);
        }

        var taken = Math.Min(data.Length, _capacity - _filled);
        data[..taken].CopyTo(_current.AsSpan(_filled));
        _filled += taken;
        return taken;
    }

    private async Task SendCurrentPartAsync(CancellationToken cancellationToken)
    {
        await WaitInFlightAsync().ConfigureAwait(false);
        if (_nextPartNumber > S3PartSizing.MaxParts)
        {
            throw new OpsException(StorageErrorIds.RequestFailed, OpsErrorCategory.LimitsExceeded,
                $"'{_store.Location.Describe(Path)}' exceeds the {S3PartSizing.MaxParts} parts S3 allows.",
                "Use a larger part size.", _store.Location.Describe(Path));
        }

        _uploadId ??= (await _store.CallAsync("start a multipart upload to", Path, () => Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _store.Location.Bucket,
            Key = _key,
            ContentType = S3BackupStore.ContentTypeFor(_key),
        }, cancellationToken)).ConfigureAwait(false)).UploadId;

        var partNumber = _nextPartNumber++;
        var buffer = _current!;
        var length = _filled;
        _current = null;
        _filled = 0;
        _inFlightBuffer = buffer;
        _inFlight = UploadPartAsync(partNumber, buffer, length, cancellationToken);
    }

    private async Task UploadPartAsync(int partNumber, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(buffer, 0, length, writable: false);
        var response = await _store.CallAsync($"upload part {partNumber} of", Path, () => Client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _store.Location.Bucket,
            Key = _key,
            UploadId = _uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = content,
            UseChunkEncoding = false,
        }, cancellationToken)).ConfigureAwait(false);
        _parts.Add(new PartETag(partNumber, response.ETag));
        UploadedParts.Add((partNumber, length));
    }

    private async Task WaitInFlightAsync()
    {
        if (_inFlight is null)
        {
            return;
        }

        try
        {
            await _inFlight.ConfigureAwait(false);
        }
        finally
        {
            _inFlight = null;
            Return(ref _inFlightBuffer);
        }
    }

    private async Task PutSingleAsync(CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(_current ?? [], 0, _filled, writable: false);
        _completionSent = true;
        await _store.CallAsync("upload", Path, () => Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _store.Location.Bucket,
            Key = _key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = S3BackupStore.ContentTypeFor(_key),
            UseChunkEncoding = false,
        }, cancellationToken)).ConfigureAwait(false);
    }

    private void Return(ref byte[]? buffer)
    {
        if (buffer is null)
        {
            return;
        }

        _bufferedBytes -= buffer.Length;
        PartBuffers.Return(buffer);
        buffer = null;
    }
}
