using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// The body of a download from an object store (S3 GetObject, Azure blob download), read as it arrives. A download that breaks off (connection reset, proxy timeout)
/// surfaces as an OpsException (Ops.Storage.ReadInterrupted) naming the object and how far it got, not as a bare
/// IOException that reads like a local disk problem.
/// </summary>
internal sealed class StoreReadStream : Stream
{
    private readonly Stream _body;
    private readonly long _length;
    private readonly string _where;
    private readonly string _service;
    private readonly IDisposable? _owner;
    private long _read;

    /// <param name="body">The response body.</param>
    /// <param name="length">The object's size.</param>
    /// <param name="where">The object's location, for messages.</param>
    /// <param name="service">The store's name in messages: "S3", "Azure Blob Storage".</param>
    /// <param name="owner">The response that owns the body, disposed with it.</param>
    public StoreReadStream(Stream body, long length, string where, string service, IDisposable? owner = null)
    {
        _body = body;
        _length = length;
        _where = where;
        _service = service;
        _owner = owner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(_body.Read(buffer));
        }
        catch (IOException e)
        {
            throw Interrupted(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await _body.ReadAsync(buffer, cancellationToken));
        }
        catch (IOException e)
        {
            throw Interrupted(e);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return read;
    }

    private OpsException Interrupted(IOException e) => new(
        StorageErrorIds.ReadInterrupted, OpsErrorCategory.ReadError,
        $"Reading '{_where}' from {_service} broke off after {_read} of {_length} bytes: {e.Message}",
        $"Retry; if it keeps breaking off, check the network path (proxy, VPN) to the {_service} endpoint and the server's health.",
        _where, e);
}
