using System.Buffers;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// Streams into one object of an object store as chunks (S3 multipart parts, Azure blocks). Bytes fill a chunk buffer; a full
/// chunk is uploaded while the next one fills, so at most two chunks are held in memory. A stream that ends before the first
/// chunk fills is stored whole in one request. Nothing is visible until the chunks are committed.
/// </summary>
internal abstract class ChunkedWriteStream : BackupWriteStream
{
    /// <summary>
    /// Chunk buffers come from a pool of their own: the shared pool keeps a returned array in the returning thread's slot, and
    /// with chunks sent from thread-pool threads every thread ended up holding a buffer. Here a few per size are kept.
    /// </summary>
    private static readonly ArrayPool<byte> ChunkBuffers = ArrayPool<byte>.Create(maxArrayLength: 1024 * 1024 * 1024, maxArraysPerBucket: 4);

    private byte[]? _current;
    private int _filled;
    private int _capacity;
    private int _nextChunkNumber = 1;
    private Task? _inFlight;
    private byte[]? _inFlightBuffer;
    private long _bufferedBytes;

    protected ChunkedWriteStream(string path)
        : base(path)
    {
    }

    /// <summary>Chunk numbers and sizes uploaded so far (for tests of the chunk logic).</summary>
    internal List<(int Number, int Size)> UploadedChunks { get; } = [];

    /// <summary>The most chunk-buffer memory this stream held at once.</summary>
    internal long PeakBufferedBytes { get; private set; }

    /// <summary>True once the first chunk was sent: the object is being stored in chunks, not in one request.</summary>
    protected bool IsChunked { get; private set; }

    /// <summary>How many chunks the store accepts for one object.</summary>
    protected abstract int MaxChunks { get; }

    /// <summary>The object's location for messages.</summary>
    protected abstract string Where { get; }

    /// <summary>Size of chunk <paramref name="number"/> (1-based).</summary>
    protected abstract int ChunkSize(int number);

    /// <summary>Called once, before the first chunk is uploaded (S3 starts its multipart upload here).</summary>
    protected virtual Task StartChunkedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Uploads one chunk; runs while the next chunk fills, never two at once.</summary>
    protected abstract Task UploadChunkAsync(int number, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Makes the uploaded chunks the object, in order.</summary>
    protected abstract Task CommitChunksAsync(CancellationToken cancellationToken);

    /// <summary>Stores a stream that ended before its first chunk filled, in one request.</summary>
    protected abstract Task UploadWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Removes what was stored so far (after any chunk upload finished). Best effort; must not throw for "already gone".</summary>
    protected abstract Task DiscardAsync(CancellationToken cancellationToken);

    protected sealed override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Fill(buffer.Span)..];
            if (_filled == _capacity)
            {
                await SendCurrentChunkAsync(cancellationToken);
            }
        }
    }

    protected sealed override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Fill(buffer)..];
            if (_filled == _capacity)
            {
                SendCurrentChunkAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    protected sealed override async Task CompleteCoreAsync(CancellationToken cancellationToken)
    {
        if (!IsChunked)
        {
            await UploadWholeAsync((_current ?? []).AsMemory(0, _filled), cancellationToken);
            return;
        }

        if (_filled > 0)
        {
            await SendCurrentChunkAsync(cancellationToken);
        }

        await WaitInFlightAsync();
        await CommitChunksAsync(cancellationToken);
    }

    protected sealed override async Task AbortCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitInFlightAsync();
        }
        catch (Exception)
        {
            // The chunk failed; what was stored is discarded below either way.
        }

        await DiscardAsync(cancellationToken);
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
            var size = ChunkSize(_nextChunkNumber);
            // Rent may hand out a larger array; a chunk is exactly the planned size.
            _current = ChunkBuffers.Rent(size);
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

    private async Task SendCurrentChunkAsync(CancellationToken cancellationToken)
    {
        await WaitInFlightAsync();
        if (_nextChunkNumber > MaxChunks)
        {
            throw new OpsException(StorageErrorIds.RequestFailed, OpsErrorCategory.LimitsExceeded,
                $"'{Where}' exceeds the {MaxChunks} parts its store allows for one object.", "Use a larger part size.", Where);
        }

        if (!IsChunked)
        {
            await StartChunkedAsync(cancellationToken);
            IsChunked = true;
        }

        var number = _nextChunkNumber++;
        var buffer = _current!;
        var length = _filled;
        _current = null;
        _filled = 0;
        _inFlightBuffer = buffer;
        _inFlight = UploadAndRecordAsync(number, buffer, length, cancellationToken);
    }

    private async Task UploadAndRecordAsync(int number, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        await UploadChunkAsync(number, buffer.AsMemory(0, length), cancellationToken);
        UploadedChunks.Add((number, length));
    }

    private async Task WaitInFlightAsync()
    {
        if (_inFlight is null)
        {
            return;
        }

        try
        {
            await _inFlight;
        }
        finally
        {
            _inFlight = null;
            Return(ref _inFlightBuffer);
        }
    }

    private void Return(ref byte[]? buffer)
    {
        if (buffer is null)
        {
            return;
        }

        _bufferedBytes -= buffer.Length;
        ChunkBuffers.Return(buffer);
        buffer = null;
    }
}
